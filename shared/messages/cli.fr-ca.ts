// The command line's words in French (Quebec). Every key of cli.en.ts, nothing else: the type says so.
import type { CliMessageKey } from './cli.en';

/** The CLI catalogue in French. */
export const cliFrCa: Record<CliMessageKey, string> = {
  'cli.error.pinned': 'empreinte épinglée :',
  'cli.error.presented': 'empreinte présentée :',
  'cli.run.summary': 'Sauvegarde en lot {runId} : {done} contrôleurs sur {total} sauvegardés ({bytes}) en {duration}.',
  'cli.run.ready': 'Prêts pour la mise à niveau',
  'cli.run.warning': 'Prêts avec avertissement',
  'cli.run.not-ready': 'Pas prêts',
  'cli.run.warnings': 'Avertissements :',
  'cli.run.saved-not-ready': 'Sauvegardés, pas prêts pour la mise à niveau :',
  'cli.run.by-cause': 'Non sauvegardés, par cause :',
  'cli.run.resume': 'Corrigez les causes, puis sauvegardez le reste : eclypse-backup bulk --resume {runId} …',
  'cli.run.report': 'Rapport :',
  'cli.compare.summary': '{added} ajoutées, {removed} retirées, {changed} modifiées, {unchanged} inchangées.',
  'cli.compare.same': 'Mêmes entrées, même contenu (CRC-32 et taille de chaque entrée).',
  'cli.compare.entries': '{count, plural, one {# entrée} other {# entrées}}',
  'cli.compare.none.binary': '(pas du texte : pas de comparaison ligne par ligne)',
  'cli.compare.none.not-text': '(pas une entrée JSON, XML, INI ou CSV : comparée par CRC et taille seulement)',
  'cli.compare.none.too-large': '(trop grande pour une comparaison ligne par ligne)',
  'cli.compare.none.too-many': '(trop d’entrées texte modifiées : plus de comparaison ligne par ligne)',
  'cli.compare.none.too-different': '(réécrite en entier : trop différente pour une comparaison ligne par ligne)',
  'cli.compare.more': '… ({added} lignes ajoutées, {removed} retirées en tout)',
};
