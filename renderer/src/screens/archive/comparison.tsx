import { X } from 'lucide-react';
import type { BackupComparison, EntryDifference } from '../../../../preload/api';
import type { AppMessageKey } from '../../../../shared/messages/app';
import { useT, type Translator } from '../../i18n/language';
import { useArchive } from '../../stores/archive';

const CHANGE: Record<EntryDifference['change'], { key: AppMessageKey; mark: string; tone: string }> = {
  added: { key: 'compare.added', mark: '+', tone: 'good' },
  removed: { key: 'compare.removed', mark: '−', tone: 'bad' },
  changed: { key: 'compare.changed', mark: '~', tone: 'warn' },
};

const NO_DIFF: Record<'binary' | 'not-text' | 'too-large' | 'too-many' | 'too-different', AppMessageKey> = {
  binary: 'compare.none.binary',
  'not-text': 'compare.none.not-text',
  'too-large': 'compare.none.too-large',
  'too-many': 'compare.none.too-many',
  'too-different': 'compare.none.too-different',
};

/** An entry's size: before → after when it changed, else the size of the side that exists. */
function sizeWords({ change, before, after }: EntryDifference, t: Translator): string {
  if (change === 'changed' && before && after) return `${t.bytes(before.bytes)} → ${t.bytes(after.bytes)}`;
  const side = after ?? before;
  return side ? t.bytes(side.bytes) : '';
}

/** Two backups compared: the counts, then each entry added, removed or changed, with its line diff when it is text. */
export function Comparison({ result, names }: { result: BackupComparison; names: [string, string] }) {
  const t = useT();
  return (
    <section className="card comparison" aria-labelledby="comparison-title">
      <div className="drawer-head">
        <h2 id="comparison-title">{t('compare.title')}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={() => useArchive.getState().clearComparison()}
          aria-label={t('common.close')}
          title={t('common.close')}
        >
          <X size={18} aria-hidden />
        </button>
      </div>
      <p className="muted">{t('compare.between', { a: names[0], b: names[1] })}</p>
      <p>
        <strong>
          {result.differences.length === 0
            ? t('compare.same', { count: result.unchanged })
            : t('compare.counts', {
                added: result.added,
                removed: result.removed,
                changed: result.changed,
                unchanged: result.unchanged,
              })}
        </strong>
      </p>
      {result.differences.map((d) => (
        <details
          key={d.name}
          className={`difference tone-border-${CHANGE[d.change].tone}`}
          open={d.diff !== null && 'lines' in d.diff && d.diff.lines.length > 0}
        >
          <summary>
            <span className={`badge tone-${CHANGE[d.change].tone}`}>
              <span aria-hidden>{CHANGE[d.change].mark}</span> {t(CHANGE[d.change].key)}
            </span>{' '}
            <span className="mono">{d.name}</span>{' '}
            <span className="muted">
              {sizeWords(d, t)}
              {d.diff && 'lines' in d.diff
                ? ` · ${t('compare.lines', { added: d.diff.added, removed: d.diff.removed })}`
                : ''}
            </span>
          </summary>
          {d.diff && 'none' in d.diff ? <p className="muted">{t(NO_DIFF[d.diff.none])}</p> : null}
          {d.diff && 'lines' in d.diff ? (
            <pre className="line-diff" aria-label={t('compare.diff-of', { name: d.name })}>
              {d.diff.lines.map((l, i) => (
                <span
                  key={i}
                  className={`diff-line op-${l.op === '+' ? 'add' : l.op === '-' ? 'del' : l.op === '@' ? 'hunk' : 'ctx'}`}
                >
                  {l.op === '@' ? l.text : `${l.op} ${l.text}`}
                  {'\n'}
                </span>
              ))}
              {d.diff.truncated ? <span className="diff-line op-hunk">{t('compare.truncated')}</span> : null}
            </pre>
          ) : null}
        </details>
      ))}
    </section>
  );
}
