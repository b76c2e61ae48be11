import { Download, FileUp, Layers, Plus } from 'lucide-react';
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { toApiError } from '../../bridge/eclypse';
import { ErrorPanel } from '../../components/error-panel';
import { EmptyState, Page } from '../../components/page';
import { useInventory } from '../../stores/inventory';
import { useNavigation } from '../../stores/navigation';
import { useNotices } from '../../stores/notices';
import { useRuns } from '../../stores/runs';
import { useSettings } from '../../stores/settings';
import { DEFAULT_SORT, groupBySite, isFiltered, nextSort, NO_FILTER, sitesOf, type ControllerFilter, type ControllerSort } from './controller-filters';
import { ControllerForm } from './controller-form';
import { ControllerTable } from './controller-table';
import { ControllerToolbar } from './controller-toolbar';
import { CsvImport } from './csv-import';
import './controllers.css';

/** What fills the panel above the table: nothing, the import, or the form for a new or an existing controller. */
type Panel = { kind: 'none' } | { kind: 'import' } | { kind: 'add' } | { kind: 'edit'; id: string };

/** The inventory by site: search and filters, selection for a bulk run, add/edit, CSV import and export. */
export function ControllersScreen() {
  const rows = useInventory((s) => s.rows);
  const loaded = useInventory((s) => s.loaded);
  const error = useInventory((s) => s.error);
  const history = useRuns((s) => s.history);
  const importRequest = useNavigation((s) => s.importRequest);
  const [filter, setFilter] = useState<ControllerFilter>(NO_FILTER);
  const [sort, setSort] = useState<ControllerSort>(DEFAULT_SORT);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });

  // Reloaded when a run ends (the history changes): last backups and certificate states move with runs.
  useEffect(() => {
    void useInventory.getState().load();
  }, [history]);
  useEffect(() => {
    void useSettings.getState().loadProfiles();
  }, []);
  // The app menu's "Import inventory…", also when it brought this screen up.
  useEffect(() => {
    if (useNavigation.getState().takeImportRequest()) setPanel({ kind: 'import' });
  }, [importRequest]);

  const deferred = useDeferredValue(filter);
  const groups = useMemo(() => groupBySite(rows, deferred, sort), [rows, deferred, sort]);
  const sites = useMemo(() => sitesOf(rows), [rows]);
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
  const backUp = useCallback((id: string) => useNavigation.getState().openWizard(id), []);
  const edit = useCallback((id: string) => setPanel({ kind: 'edit', id }), []);
  const close = useCallback(() => setPanel({ kind: 'none' }), []);

  const exportCsv = async (): Promise<void> => {
    const notify = useNotices.getState().notify;
    try {
      const path = await useInventory.getState().exportCsv();
      if (path) notify({ kind: 'success', title: 'Inventory exported', body: path });
    } catch (err) {
      const e = toApiError(err);
      notify({ kind: 'error', title: 'The inventory was not exported', body: e.hint });
    }
  };

  const editing = panel.kind === 'edit' ? (rows.find((r) => r.controller.id === panel.id)?.controller ?? null) : null;
  const empty = loaded && rows.length === 0;

  return (
    <Page
      title="Controllers"
      subtitle={loaded && rows.length > 0 ? `${rows.length} controllers on ${sites.length === 1 ? '1 site' : `${sites.length} sites`}` : 'The controllers of your sites, and how their backups stand.'}
      actions={
        <>
          <button type="button" className="button" onClick={() => setPanel({ kind: 'import' })}>
            <FileUp size={16} aria-hidden />
            Import CSV…
          </button>
          <button type="button" className="button" onClick={() => void exportCsv()} disabled={rows.length === 0}>
            <Download size={16} aria-hidden />
            Export CSV…
          </button>
          <button type="button" className="button" onClick={() => setPanel({ kind: 'add' })}>
            <Plus size={16} aria-hidden />
            Add controller
          </button>
        </>
      }
    >
      {error ? <ErrorPanel error={error} title="The inventory could not be read" /> : null}
      {panel.kind === 'import' ? <CsvImport onClose={close} /> : null}
      {panel.kind === 'add' ? <ControllerForm key="add" controller={null} sites={sites} onClose={close} /> : null}
      {panel.kind === 'edit' && editing ? <ControllerForm key={editing.id} controller={editing} sites={sites} onClose={close} /> : null}

      {empty && panel.kind === 'none' ? (
        <EmptyState title="No controllers yet">
          <p>Import the site’s controller list from a CSV file, or add a controller by its address.</p>
          <div className="empty-actions">
            <button type="button" className="button primary" onClick={() => setPanel({ kind: 'import' })}>
              <FileUp size={16} aria-hidden />
              Import a CSV…
            </button>
            <button type="button" className="button" onClick={() => setPanel({ kind: 'add' })}>
              <Plus size={16} aria-hidden />
              Add a controller
            </button>
          </div>
        </EmptyState>
      ) : null}

      {rows.length > 0 ? (
        <>
          <ControllerToolbar filter={filter} sites={sites} onChange={setFilter} />
          <div className="selection-bar" aria-live="polite">
            {isFiltered(filter) || chosen.length > 0 ? (
              <span className="selection-count">
                {isFiltered(filter) ? `${shown} of ${rows.length} controllers shown` : ''}
                {isFiltered(filter) && chosen.length > 0 ? ' · ' : ''}
                {chosen.length > 0 ? `${chosen.length} selected` : ''}
              </span>
            ) : null}
            {chosen.length > 0 ? (
              <>
                <button type="button" className="button primary" onClick={() => useNavigation.getState().openBulk(chosen)}>
                  <Layers size={16} aria-hidden />
                  Bulk back up {chosen.length === 1 ? '1 controller' : `${chosen.length} controllers`}
                </button>
                <button type="button" className="button" onClick={() => setSelected(new Set())}>
                  Clear selection
                </button>
              </>
            ) : (
              <span className="muted">Tick controllers (or a whole site) to back them up together.</span>
            )}
          </div>
          {shown > 0 ? (
            <ControllerTable groups={groups} selected={selected} onToggle={toggle} onToggleSite={toggleSite} onBackUp={backUp} onEdit={edit} sort={sort} onSort={(column) => setSort((s) => nextSort(s, column))} />
          ) : (
            <EmptyState title="No controller matches">
              <button type="button" className="button" onClick={() => setFilter(NO_FILTER)}>
                Show all controllers
              </button>
            </EmptyState>
          )}
        </>
      ) : null}
    </Page>
  );
}
