// The common catalogue in French (Quebec). Every key of common.en.ts, nothing else: the type says so.
import type { CommonMessageKey } from './common.en';

/** The common catalogue in French. */
export const commonFrCa: Record<CommonMessageKey, string> = {
  'common.never': 'jamais',
  'common.dash': '—',

  'verdict.ready': 'Prêt pour la mise à niveau',
  'verdict.ready-with-warning': 'Prêt avec avertissement',
  'verdict.not-ready': 'Pas prêt',
  'verdict.reason.no-compatibility': 'Le contrôleur n’a pas indiqué si cette sauvegarde peut être restaurée.',
  'verdict.reason.usb-key':
    'La sauvegarde est sur la clé USB du contrôleur : elle n’a pas été vérifiée sur ce portable.',
  'verdict.reason.incompatible':
    'Le contrôleur indique que cette sauvegarde ne peut pas être restaurée : {compatibility}',

  'warning.pile-up':
    'Les sauvegardes s’accumulent sur le contrôleur : {reasons}. Chaque sauvegarde reste dans sa mémoire flash et cet outil ne peut pas les supprimer (l’API ne publie aucune suppression). Supprimez les anciennes sur sa page Web (https://{address}/ → Backup & Restore) en gardant la plus récente, une fois qu’elles sont en sûreté dans cette archive.',
  'warning.pile-up.count': 'il en contient {count}',
  'warning.pile-up.growth': 'ses sauvegardes ont grossi de {growth} % depuis le dernier lot ({from} → {to})',
  'warning.pile-up.both': '{first}, et {second}',
  'warning.xml-json':
    'XML demandé, mais la révision d’API {revision} exige JSON (XML fonctionne à partir de 7.0) : JSON a été utilisé.',
  'warning.provisional':
    'La tâche du contrôleur indiquait encore {percent} % quand son fichier de sauvegarde {file} était complet; le fichier a été vérifié (taille stable sur deux listes, zip relu) et conservé.',
  'warning.already-archived':
    'Cette sauvegarde était déjà archivée avant l’interruption; la copie archivée a été vérifiée et conservée.',
  'warning.already-archived-unrecorded':
    'Cette sauvegarde était déjà archivée (sans sa fiche) avant l’interruption; la copie archivée correspondait au téléchargement et a été conservée.',
  'warning.no-preview': 'Le contrôleur n’a donné aucun aperçu de compatibilité pour ce fichier.',
  'warning.preview-unavailable':
    'Aperçu de compatibilité indisponible : impossible de demander au contrôleur si cette sauvegarde se restaure.',
  'warning.envysion-not-understood':
    'La liste des projets ENVYSION du contrôleur n’a pas été comprise; la sauvegarde a été faite sans projets ENVYSION. Envoyez un rapport de terrain (eclypse-backup diagnose).',

  'outcome.saved-not-ready': 'Sauvegardé, pas prêt pour la mise à niveau',
  'outcome.not-backed-up': 'Non sauvegardé',

  'status.pending': 'En attente',
  'status.running': 'En cours',
  'status.retry-wait': 'Nouvel essai prévu',
  'status.succeeded': 'Réussi',
  'status.failed': 'Échec',
  'status.cancelled': 'Annulé',

  'phase.pending': 'En attente',
  'phase.queued': 'Attend une place libre',
  'phase.retry-wait': 'Attente avant un nouvel essai — essai {attempt} ensuite',
  'phase.saved': 'Enregistré',
  'phase.failed': 'Échec',
  'phase.cancelled': 'Annulé',
  'phase.connecting': 'Connexion',
  'phase.listing': 'Lecture du contrôleur',
  'phase.creating': 'Demande de sauvegarde au contrôleur',
  'phase.waiting': 'Le contrôleur prépare la sauvegarde — {percent} %',
  'phase.downloading': 'Téléchargement : {bytes}',
  'phase.downloading-of': 'Téléchargement : {bytes} sur {total}',
  'phase.verifying': 'Vérification',
  'phase.previewing': 'Contrôle de la restauration',
  'phase.saving': 'Enregistrement dans l’archive',
  'phase.starting': 'Démarrage',
  'phase.stalled': 'bloqué — aucune progression depuis {seconds} s',
  'phase.no-data': 'aucune donnée depuis {seconds} s',

  'cert.pinned': 'Approuvé',
  'cert.unknown': 'Pas encore approuvé',
  'cert.changed': 'Certificat changé',

  'error.UNREACHABLE.title': 'Injoignable',
  'error.UNREACHABLE.hint':
    'Le contrôleur n’a pas répondu. Vérifiez l’adresse, le port, le câble ou le VLAN, et que le contrôleur est sous tension.',
  'error.TIMEOUT.title': 'Ne répond plus',
  'error.TIMEOUT.hint':
    'Le contrôleur n’a pas répondu à temps. Il est peut-être occupé ou le réseau lent ; réessayez, ou augmentez le délai.',
  'error.TLS_FAILED.title': 'Échec de la connexion sécurisée',
  'error.TLS_FAILED.hint':
    'La connexion sécurisée n’a pas pu être établie. Vérifiez que HTTPS est activé sur le contrôleur et que le port est le bon.',
  'error.CERT_UNTRUSTED.title': 'Certificat pas encore approuvé',
  'error.CERT_UNTRUSTED.hint':
    'Ce contrôleur n’est pas encore approuvé. Comparez l’empreinte avec la page Web du contrôleur, puis approuvez-la.',
  'error.CERT_CHANGED.title': 'Certificat changé',
  'error.CERT_CHANGED.hint':
    'Le certificat du contrôleur a changé. N’approuvez le nouveau que si vous savez que le contrôleur a été réinitialisé ou mis à niveau.',
  'error.AUTH_FAILED.title': 'Connexion refusée',
  'error.AUTH_FAILED.hint':
    'Le contrôleur a refusé l’identification. Vérifiez le nom d’utilisateur et le mot de passe. S’ils sont bons, le compte doit peut-être d’abord changer son mot de passe (première connexion sur un nouveau micrologiciel, ou compte marqué « doit changer le mot de passe » : connectez-vous une fois sur la page Web du contrôleur), le serveur RADIUS du contrôleur est peut-être en panne (seuls les utilisateurs en cache peuvent alors se connecter), ou le compte n’a pas le rôle API REST. Aucun second essai n’a été fait, pour éviter un verrouillage.',
  'error.FORBIDDEN.title': 'Compte non autorisé',
  'error.FORBIDDEN.hint':
    'Le contrôleur a accepté l’identification mais refusé la demande : le compte n’a probablement pas le rôle API REST. Donnez-lui ce rôle dans la gestion des utilisateurs du contrôleur, ou utilisez un compte qui l’a.',
  'error.API_UNSUPPORTED.title': 'Micrologiciel sans API de sauvegarde',
  'error.API_UNSUPPORTED.hint':
    'Le micrologiciel de ce contrôleur n’offre pas de sauvegarde par son API. Sauvegardez-le depuis sa page Web ou mettez-le d’abord à niveau.',
  'error.USB_KEY_MISSING.title': 'Aucune clé USB',
  'error.USB_KEY_MISSING.hint':
    'Le contrôleur n’indique aucune clé USB. Branchez-en une (ou sauvegardez sur le contrôleur lui-même). Si une clé est branchée, ce micrologiciel l’indique peut-être ailleurs : lancez « eclypse-backup diagnose » et envoyez le fichier au soutien technique.',
  'error.BAD_REQUEST.title': 'Demande refusée',
  'error.BAD_REQUEST.hint':
    'Le contrôleur a refusé la demande. Vérifiez les options de sauvegarde (nom de fichier, types de données).',
  'error.DEVICE_BUSY.title': 'Contrôleur occupé',
  'error.DEVICE_BUSY.hint':
    'Le contrôleur est occupé (une autre sauvegarde ou tâche est déjà en cours) ou en maintenance. Attendez une minute et réessayez.',
  'error.DEVICE_ERROR.title': 'Erreur du contrôleur',
  'error.DEVICE_ERROR.hint':
    'Le contrôleur a signalé une erreur interne. Réessayez ; si elle persiste, redémarrez le serveur Web du contrôleur.',
  'error.PROTOCOL_ERROR.title': 'Réponse inattendue',
  'error.PROTOCOL_ERROR.hint':
    'Le contrôleur a répondu de façon inattendue. Signalez-le au soutien technique avec les détails.',
  'error.JOB_FAILED.title': 'Le contrôleur n’a pas pu préparer la sauvegarde',
  'error.JOB_FAILED.hint':
    'Le contrôleur n’a pas pu préparer la sauvegarde. Vérifiez son espace de stockage libre et son journal d’événements.',
  'error.JOB_TIMEOUT.title': 'Sauvegarde trop longue',
  'error.JOB_TIMEOUT.hint':
    'Le contrôleur n’a pas terminé la sauvegarde à temps. Réessayez avec un délai de sauvegarde plus long.',
  'error.FILE_NOT_FOUND.title': 'Fichier de sauvegarde absent de la liste',
  'error.FILE_NOT_FOUND.hint':
    'Le contrôleur n’a pas montré le nouveau fichier de sauvegarde. Vérifiez sa liste de sauvegardes ; rien n’a été téléchargé.',
  'error.DOWNLOAD_INCOMPLETE.title': 'Téléchargement interrompu',
  'error.DOWNLOAD_INCOMPLETE.hint': 'Le téléchargement a été interrompu. Rien n’a été enregistré ; réessayez.',
  'error.ARCHIVE_INVALID.title': 'Fichier téléchargé non valide',
  'error.ARCHIVE_INVALID.hint':
    'Le fichier téléchargé n’est pas une archive de sauvegarde valide. Rien n’a été enregistré ; réessayez.',
  'error.DISK_ERROR.title': 'Écriture impossible sur ce portable',
  'error.DISK_ERROR.hint':
    'La sauvegarde n’a pas pu être écrite sur cet ordinateur. Vérifiez l’espace libre et que le dossier d’archive est accessible en écriture.',
  'error.CANCELLED.title': 'Annulé',
  'error.CANCELLED.hint': 'La sauvegarde a été annulée. Rien de partiel n’a été gardé.',
  'error.INVALID_INPUT.title': 'Réglage manquant ou non valide',
  'error.INVALID_INPUT.hint': 'Une valeur donnée à l’outil n’est pas valide. Corrigez-la et réessayez.',
  'error.KEYCHAIN_UNAVAILABLE.title': 'Trousseau indisponible',
  'error.KEYCHAIN_UNAVAILABLE.hint':
    'Le trousseau du système est verrouillé ou absent. Déverrouillez-le (ouvrez la session du bureau), ou donnez le mot de passe à chaque fois.',
  'error.FORBIDDEN_SENDER.title': 'Refusé par l’application',
  'error.FORBIDDEN_SENDER.hint': 'L’application a refusé une demande de cette fenêtre. Redémarrez l’application.',
  'error.INTERNAL_ERROR.title': 'Une défaillance de cet outil',
  'error.INTERNAL_ERROR.hint':
    'Un problème est survenu dans cet outil, pas sur le contrôleur. Réessayez ; si cela se reproduit, envoyez le journal et ces détails au soutien technique.',
  'error.WINDOW.hint':
    'Un problème inattendu est survenu dans la fenêtre. Réessayez ; si cela se répète, redémarrez l’application.',

  'host.empty': 'Entrez l’adresse IP ou le nom d’hôte du contrôleur.',
  'host.scheme': 'Retirez « {scheme} » : entrez seulement l’adresse, par exemple 10.20.1.15.',
  'host.space': 'Une adresse ne contient pas d’espace : par exemple 10.20.1.15 ou ahu-1.usine.local.',
  'host.path': 'Entrez seulement l’adresse, sans chemin (« /… ») : par exemple 10.20.1.15.',
  'host.at':
    'Une adresse ne contient pas de « @ » : le nom d’utilisateur se donne à la connexion, seule l’adresse va ici.',
  'host.port': 'Mettez {port} dans le champ Port et seulement {host} ici.',
  'host.brackets': 'Écrivez l’adresse IPv6 sans les crochets.',
  'host.character': '« {character} » ne peut pas faire partie d’une adresse IP ou d’un nom d’hôte.',
  'host.too-long': 'Un nom d’hôte compte au plus 253 caractères.',
  'port.invalid': 'Le port est un nombre entier de 1 à 65535 (HTTPS utilise habituellement 443).',
  'port.conflict': 'L’adresse indique le port {typed} mais le champ Port indique {field} : gardez-en un seul.',

  'fileName.empty': 'Le nom de fichier est vide.',
  'fileName.too-long': 'Le nom de fichier dépasse {max} caractères.',
  'fileName.control': 'Le nom de fichier contient des caractères de contrôle.',
  'fileName.separator': 'Le nom de fichier ne peut pas contenir « . », « / » ni « \\ ».',
  'fileName.reserved': 'Le nom de fichier ne peut pas contenir {characters}.',
  'fileName.edge-space': 'Le nom de fichier ne peut pas commencer ni finir par une espace.',
};
