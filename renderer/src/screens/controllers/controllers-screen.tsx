import { Download, FileUp, FlaskConical, Layers, Plus } from 'lucide-react';
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { toApiError } from '../../bridge/eclypse';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorPanel } from '../../components/error-panel';
import { EmptyState, Page } from '../../components/page';
import { useT } from '../../i18n/language';
import { errorHint } from '../../i18n/words';
import { useInventory } from '../../stores/inventory';
import { useNavigation } from '../../stores/navigation';
import { useNotices } from '../../stores/notices';
import { useRuns } from '../../stores/runs';
import { useSettings } from '../../stores/settings';
import {
  countReadiness,
  DEFAULT_SORT,
  groupBySite,
  isFiltered,
  nextSort,
  NO_FILTER,
  sitesOf,
  type ControllerFilter,
  type ControllerSort,
} from './controller-filters';
import { ControllerForm } from './controller-form';
import { ControllerTable, type BoardActions } from './controller-table';
import { ControllerToolbar } from './controller-toolbar';
import { CsvImport } from './csv-import';
import { ReadinessBar } from './readiness-bar';
import './controllers.css';

/** What is open beside or above the board: nothing, the import, or the drawer for a new or an existing controller. */
type Panel = { kind: 'none' } | { kind: 'import' } | { kind: 'add' } | { kind: 'edit'; id: string };

/** The inventory as a readiness board: counts that filter, sites with their rollup, selection for a bulk run. */
export function ControllersScreen() {
  const t = useT();
  const rows = useInventory((s) => s.rows);
  const loaded = useInventory((s) => s.loaded);
  const error = useInventory((s) => s.error);
  const history = useRuns((s) => s.history);
  const importRequest = useNavigation((s) => s.importRequest);
  const importHandled = useNavigation((s) => s.importHandled);
  const density = useSettings((s) => s.settings?.density ?? 'comfortable');
  const [filter, setFilter] = useState<ControllerFilter>(NO_FILTER);
  const [sort, setSort] = useState<ControllerSort>(DEFAULT_SORT);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  // Reloaded when a run ends (the history changes): last backups and certificate states move with runs.
  useEffect(() => {
    void useInventory.getState().load();
  }, [history]);
  useEffect(() => {
    void useSettings.getState().loadProfiles();
  }, []);
  // The app menu's "Import inventory…", also when it brought this screen up: a request not yet opened opens the
  // import while rendering it (from the one already opened, so coming back to the screen does not open it again),
  // and the store records it as opened once this render is committed.
  const [importShown, setImportShown] = useState(importHandled);
  if (importRequest !== importShown) {
    setImportShown(importRequest);
    setPanel({ kind: 'import' });
  }
  useEffect(() => {
    useNavigation.getState().takeImportRequest();
  }, [importRequest]);

  const deferred = useDeferredValue(filter);
  const groups = useMemo(() => groupBySite(rows, deferred, sort), [rows, deferred, sort]);
  const sites = useMemo(() => sitesOf(rows), [rows]);
  const counts = useMemo(() => countReadiness(rows), [rows]);
  const shown = groups.reduce((n, g) => n + g.rows.length, 0);
  // A selection keeps only controllers that still exist (one may have been removed meanwhile).
  const chosen = useMemo(() => rows.map((r) => r.controller.id).filter((id) => selected.has(id)), [rows, selected]);

  const toggle = useCallback((id: string) => {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const toggleSite = useCallback((ids: string[], select: boolean) => {
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) {
        if (select) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const actions = useMemo<BoardActions>(
    () => ({
      onToggle: toggle,
      onToggleSite: toggleSite,
      onBackUp: (id) => useNavigation.getState().openWizard(id, { express: true }),
      onEdit: (id) => setPanel({ kind: 'edit', id }),
      onRemove: (id) => setRemoving(id),
      onSort: (column) => setSort((s) => nextSort(s, column)),
      onMenu: setMenuFor,
    }),
    [toggle, toggleSite],
  );
  const close = useCallback(() => setPanel({ kind: 'none' }), []);

  const exportCsv = async (): Promise<void> => {
    const notify = useNotices.getState().notify;
    try {
      const path = await useInventory.getState().exportCsv();
      if (path) notify({ kind: 'success', title: t('board.exported'), body: path });
    } catch (err) {
      notify({ kind: 'error', title: t('board.export-failed'), body: errorHint(toApiError(err), t) });
    }
  };
  const remove = async (id: string): Promise<void> => {
    const c = rows.find((r) => r.controller.id === id)?.controller;
    setRemoving(null);
    if (!c) return;
    try {
      await useInventory.getState().remove(id);
      if (panel.kind === 'edit' && panel.id === id) close();
      useNotices
        .getState()
        .notify({ kind: 'success', title: t('board.removed', { name: c.name }), body: t('board.removed-body') });
    } catch (err) {
      useNotices.getState().notify({
        kind: 'error',
        title: t('board.remove-failed', { name: c.name }),
        body: errorHint(toApiError(err), t),
      });
    }
  };

  const editing = panel.kind === 'edit' ? (rows.find((r) => r.controller.id === panel.id)?.controller ?? null) : null;
  const removingRow = removing ? rows.find((r) => r.controller.id === removing)?.controller : undefined;
  const empty = loaded && rows.length === 0;
  const drawer = panel.kind === 'add' || (panel.kind === 'edit' && editing);

  return (
    <Page
      title={t('board.title')}
      subtitle={
        loaded && rows.length > 0
          ? t('board.subtitle', { controllers: rows.length, sites: sites.length })
          : t('board.subtitle-empty')
      }
      actions={
        <>
          <button type="button" className="button" onClick={() => setPanel({ kind: 'import' })}>
            <FileUp size={16} aria-hidden />
            {t('board.import')}
          </button>
          <button type="button" className="button" onClick={() => void exportCsv()} disabled={rows.length === 0}>
            <Download size={16} aria-hidden />
            {t('board.export')}
          </button>
          <button type="button" className="button" onClick={() => setPanel({ kind: 'add' })}>
            <Plus size={16} aria-hidden />
            {t('board.add')}
          </button>
        </>
      }
    >
      {error ? <ErrorPanel error={error} title={t('board.read-failed')} /> : null}
      {panel.kind === 'import' ? <CsvImport onClose={close} /> : null}

      {empty && panel.kind !== 'import' && !drawer ? (
        <FirstRun onImport={() => setPanel({ kind: 'import' })} onAdd={() => setPanel({ kind: 'add' })} />
      ) : null}

      <div className={drawer ? 'board-layout with-drawer' : 'board-layout'}>
        {rows.length > 0 ? (
          <div className="board-main">
            <ReadinessBar
              counts={counts}
              active={filter.readiness}
              onChoose={(readiness) => setFilter((f) => ({ ...f, readiness }))}
            />
            <ControllerToolbar filter={filter} sites={sites} onChange={setFilter} />
            <div className="selection-bar" aria-live="polite">
              {isFiltered(filter) || chosen.length > 0 ? (
                <span className="selection-count">
                  {isFiltered(filter) ? t('board.shown', { shown, total: rows.length }) : ''}
                  {isFiltered(filter) && chosen.length > 0 ? ' · ' : ''}
                  {chosen.length > 0 ? t('board.selected', { count: chosen.length }) : ''}
                </span>
              ) : null}
              {chosen.length > 0 ? (
                <>
                  <button
                    type="button"
                    className="button primary"
                    onClick={() => useNavigation.getState().openBulk(chosen)}
                  >
                    <Layers size={16} aria-hidden />
                    {t('board.bulk', { count: chosen.length })}
                  </button>
                  <button type="button" className="button" onClick={() => setSelected(new Set())}>
                    {t('board.clear-selection')}
                  </button>
                </>
              ) : (
                <span className="muted">{t('board.select-hint')}</span>
              )}
            </div>
            {shown > 0 ? (
              <ControllerTable
                groups={groups}
                selected={selected}
                sort={sort}
                density={density}
                menuFor={menuFor}
                actions={actions}
              />
            ) : (
              <EmptyState title={t('board.no-match')}>
                <button type="button" className="button" onClick={() => setFilter(NO_FILTER)}>
                  {t('board.show-all')}
                </button>
              </EmptyState>
            )}
          </div>
        ) : null}
        {panel.kind === 'add' ? (
          <ControllerForm key="add" controller={null} sites={sites} onClose={close} onRemove={null} />
        ) : null}
        {panel.kind === 'edit' && editing ? (
          <ControllerForm
            key={editing.id}
            controller={editing}
            sites={sites}
            onClose={close}
            onRemove={() => setRemoving(editing.id)}
          />
        ) : null}
      </div>
      <ConfirmDialog
        open={removingRow !== undefined}
        title={t('board.remove.title', { name: removingRow?.name ?? '' })}
        confirmLabel={t('board.remove.confirm', { name: removingRow?.name ?? '' })}
        safeLabel={t('common.keep-it')}
        onSafe={() => setRemoving(null)}
        onConfirm={() => {
          if (removing !== null) void remove(removing);
        }}
      >
        <p>{t('board.remove.body')}</p>
      </ConfirmDialog>
    </Page>
  );
}

/** A first start: import the site's list (with a template), add one controller, or try it all on simulated ones. */
function FirstRun({ onImport, onAdd }: { onImport(): void; onAdd(): void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const tryDemo = async (): Promise<void> => {
    setBusy(true);
    try {
      const n = await useInventory.getState().startDemo();
      useNotices
        .getState()
        .notify({ kind: 'success', title: t('board.demo.started', { count: n }), body: t('board.demo.started-body') });
    } catch (err) {
      useNotices
        .getState()
        .notify({ kind: 'error', title: t('board.demo.failed'), body: errorHint(toApiError(err), t) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <EmptyState title={t('board.empty.title')}>
      <p>{t('board.empty.body')}</p>
      <div className="empty-actions">
        <button type="button" className="button primary" onClick={onImport}>
          <FileUp size={16} aria-hidden />
          {t('board.empty.import')}
        </button>
        <button type="button" className="button" onClick={onAdd}>
          <Plus size={16} aria-hidden />
          {t('board.empty.add')}
        </button>
        <button type="button" className="button" onClick={() => void tryDemo()} disabled={busy}>
          <FlaskConical size={16} aria-hidden />
          {t('board.empty.demo')}
        </button>
      </div>
    </EmptyState>
  );
}
