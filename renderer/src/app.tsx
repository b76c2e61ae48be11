import { Archive, HardDriveDownload, Layers, Server, Settings as SettingsIcon } from 'lucide-react';
import { useEffect, type ComponentType } from 'react';
import { ErrorBoundary } from './components/error-boundary';
import { Notices } from './components/notices';
import { StatusStrip } from './components/status-strip';
import { ArchiveScreen } from './screens/archive/archive-screen';
import { BulkScreen } from './screens/bulk/bulk-screen';
import { ControllersScreen } from './screens/controllers/controllers-screen';
import { SettingsScreen } from './screens/settings/settings-screen';
import { WizardScreen } from './screens/wizard/wizard-screen';
import { useNavigation, type Screen } from './stores/navigation';
import { useRuns } from './stores/runs';
import { useSettings } from './stores/settings';

const NAV: Array<{ screen: Screen; label: string; icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }> }> = [
  { screen: 'controllers', label: 'Controllers', icon: Server },
  { screen: 'wizard', label: 'Back up one', icon: HardDriveDownload },
  { screen: 'bulk', label: 'Bulk run', icon: Layers },
  { screen: 'archive', label: 'Archive', icon: Archive },
  { screen: 'settings', label: 'Settings', icon: SettingsIcon },
];

/** The window: navigation on the left, the current screen, notices, and the status strip at the bottom. */
export function App() {
  const screen = useNavigation((s) => s.screen);
  const go = useNavigation((s) => s.go);
  const openWizard = useNavigation((s) => s.openWizard);

  useEffect(() => {
    void useSettings.getState().load();
    void useSettings.getState().loadProfiles();
    void useRuns.getState().loadHistory();
  }, []);

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <img src="./icon.svg" alt="" width={28} height={28} />
          <span>ECLYPSE Field Backup</span>
        </div>
        <ul>
          {NAV.map(({ screen: target, label, icon: Icon }) => (
            <li key={target}>
              <button
                type="button"
                className={screen === target ? 'nav-item active' : 'nav-item'}
                aria-current={screen === target ? 'page' : undefined}
                onClick={() => (target === 'wizard' && screen !== 'wizard' ? openWizard(null) : go(target))}
              >
                <Icon size={18} aria-hidden />
                <span>{label}</span>
              </button>
            </li>
          ))}
        </ul>
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
