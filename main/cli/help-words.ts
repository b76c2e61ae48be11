import { Help, type HelpConfiguration, type Option, type Argument } from 'commander';
import type { CliWords } from './language';

/**
 * Commander writes its help titles ("Usage:", "Options:") and an option's default ("(default: "Device")") in
 * English: these say them from the CLI catalogue. English comes out as commander's own.
 */
export function helpInWords(w: CliWords): HelpConfiguration {
  if (w.locale === 'en') return {};
  const titles: Record<string, string> = {
    'Usage:': w('cli.usage.usage'),
    'Options:': w('cli.usage.options'),
    'Commands:': w('cli.usage.commands'),
    'Arguments:': w('cli.usage.arguments'),
    'Global Options:': w('cli.usage.global-options'),
  };
  const base = new Help();
  const defaults = (text: string): string =>
    text.replace(/\(default: ([^)]*)\)$/, (_m, value: string) => w('cli.usage.default', { value }));
  return {
    styleTitle: (title: string) => titles[title] ?? title,
    optionDescription: (option: Option) => defaults(base.optionDescription(option)),
    argumentDescription: (argument: Argument) => defaults(base.argumentDescription(argument)),
  };
}

/** Commander's error messages (unknown option, missing argument, …) in the person's language. */
export function commanderErrorInWords(text: string, w: CliWords): string {
  if (w.locale === 'en') return text;
  const lines = text.replace(/\n$/, '').split('\n');
  const said = lines.map((line) => {
    const patterns: Array<[RegExp, (m: RegExpExecArray) => string]> = [
      [/^error: unknown option '(.+)'$/, (m) => w('cli.usage.unknown-option', { option: m[1] ?? '' })],
      [/^error: unknown command '(.+)'$/, (m) => w('cli.usage.unknown-command', { command: m[1] ?? '' })],
      [/^error: missing required argument '(.+)'$/, (m) => w('cli.usage.missing-argument', { argument: m[1] ?? '' })],
      [
        /^error: option '(.+)' argument missing$/,
        (m) => w('cli.usage.option-argument-missing', { option: m[1] ?? '' }),
      ],
      [/^error: required option '(.+)' not specified$/, (m) => w('cli.usage.required-option', { option: m[1] ?? '' })],
      [
        /^error: too many arguments.*Expected (\d+) arguments? but got (\d+)\.$/,
        (m) => w('cli.usage.too-many', { expected: m[1] ?? '', got: m[2] ?? '' }),
      ],
      [/^\(Did you mean (?:one of )?(.+)\?\)$/, (m) => w('cli.usage.did-you-mean', { suggestion: m[1] ?? '' })],
      [/^error: (.+)$/, (m) => w('cli.usage.other', { detail: m[1] ?? '' })],
    ];
    for (const [re, say] of patterns) {
      const m = re.exec(line);
      if (m) return say(m);
    }
    return line;
  });
  return `${said.join('\n')}\n`;
}
