import {
  Archive,
  HardDriveDownload,
  Layers,
  PanelLeftClose,
  PanelLeftOpen,
  Server,
  Settings as SettingsIcon,
} from 'lucide-react';
import { useEffect, useState, type ComponentType } from 'react';
import type { AppMessageKey } from '../../shared/messages/app';
import { ErrorBoundary } from './components/error-boundary';
import { Notices } from './components/notices';
import { StatusStrip } from './components/status-strip';
import { useLanguage, useT } from './i18n/language';
import { ArchiveScreen } from './screens/archive/archive-screen';
import { BulkScreen } from './screens/bulk/bulk-screen';
import { ControllersScreen } from './screens/controllers/controllers-screen';
import { SettingsScreen } from './screens/settings/settings-screen';
import { WizardScreen } from './screens/wizard/wizard-screen';
import { isCollapsed, NARROW_WINDOW, useLayout } from './stores/layout';
import { useNavigation, type Screen } from './stores/navigation';
import { useRuns } from './stores/runs';
import { useSettings } from './stores/settings';

const NAV: Array<{
  screen: Screen;
  label: AppMessageKey;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
}> = [
  { screen: 'controllers', label: 'nav.controllers', icon: Server },
  { screen: 'wizard', label: 'nav.wizard', icon: HardDriveDownload },
  { screen: 'bulk', label: 'nav.bulk', icon: Layers },
  { screen: 'archive', label: 'nav.archive', icon: Archive },
  { screen: 'settings', label: 'nav.settings', icon: SettingsIcon },
];

/**
 * The window: navigation on the left, the current screen, notices, and the status strip at the bottom. The
 * whole window is built again when the language changes, so no word or number stays in the other language.
 */
export function App() {
  const locale = useLanguage((s) => s.locale);
  useEffect(() => {
    void useSettings.getState().load();
    void useSettings.getState().loadProfiles();
    void useRuns.getState().loadHistory();
  }, []);
  return <Window key={locale} />;
}

/** Whether the window is narrow (high display scaling, a small laptop): followed as it is resized. */
function useNarrowWindow(): boolean {
  const query = `(max-width: ${NARROW_WINDOW - 1}px)`;
  const [narrow, setNarrow] = useState(() => typeof matchMedia === 'function' && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const list = matchMedia(query);
    const follow = (): void => setNarrow(list.matches);
    list.addEventListener('change', follow);
    return () => list.removeEventListener('change', follow);
  }, [query]);
  return narrow;
}

function Window() {
  const t = useT();
  const screen = useNavigation((s) => s.screen);
  const go = useNavigation((s) => s.go);
  const openWizard = useNavigation((s) => s.openWizard);
  const mode = useLayout((s) => s.sidebar);
  const narrow = useNarrowWindow();
  const collapsed = isCollapsed(mode, narrow);
  const Toggle = collapsed ? PanelLeftOpen : PanelLeftClose;

  return (
    <div className={collapsed ? 'app sidebar-collapsed' : 'app'}>
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">
          <img src="./icon.svg" alt="" width={28} height={28} />
          <span className="nav-word">{t('app.name')}</span>
        </div>
        <ul>
          {NAV.map(({ screen: target, label, icon: Icon }) => (
            <li key={target}>
              <button
                type="button"
                className={screen === target ? 'nav-item active' : 'nav-item'}
                aria-current={screen === target ? 'page' : undefined}
                title={collapsed ? t(label) : undefined}
                onClick={() => (target === 'wizard' && screen !== 'wizard' ? openWizard(null) : go(target))}
              >
                <Icon size={18} aria-hidden />
                <span className={collapsed ? 'visually-hidden' : 'nav-word'}>{t(label)}</span>
              </button>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="nav-item nav-toggle"
          aria-expanded={!collapsed}
          title={collapsed ? t('nav.expand') : t('nav.collapse')}
          onClick={() => useLayout.getState().toggleSidebar(narrow)}
        >
          <Toggle size={18} aria-hidden />
          <span className={collapsed ? 'visually-hidden' : 'nav-word'}>
            {collapsed ? t('nav.expand') : t('nav.collapse')}
          </span>
        </button>
      </nav>
      <main className="content">
        <ErrorBoundary where={`The ${screen} screen`} resetKey={screen}>
          <CurrentScreen screen={screen} />
        </ErrorBoundary>
      </main>
      <StatusStrip />
      <Notices />
    </div>
  );
}

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'controllers':
      return <ControllersScreen />;
    case 'wizard':
      return <WizardScreen />;
    case 'bulk':
      return <BulkScreen />;
    case 'archive':
      return <ArchiveScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}
