import { create } from 'zustand';

/** How the left menu is shown: as the window's width decides, or as the technician last chose. */
export type SidebarMode = 'auto' | 'collapsed' | 'expanded';

/** Below this window width (CSS pixels: a 1366 px laptop at 150 % is 910) the menu shows icons only, unless expanded. */
export const NARROW_WINDOW = 1100;
const KEY = 'eclypse.sidebar';

function saved(): SidebarMode {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return v === 'collapsed' || v === 'expanded' ? v : 'auto';
  } catch {
    return 'auto';
  }
}

interface LayoutState {
  sidebar: SidebarMode;
  /** Collapses an expanded menu or expands a collapsed one; remembered on this laptop. */
  toggleSidebar(narrow: boolean): void;
}

/** The window's layout choices that are not settings of the app (they belong to this screen, not to the data). */
export const useLayout = create<LayoutState>((set, get) => ({
  sidebar: saved(),
  toggleSidebar: (narrow) => {
    const collapsed = isCollapsed(get().sidebar, narrow);
    const next: SidebarMode = collapsed ? 'expanded' : 'collapsed';
    try {
      globalThis.localStorage?.setItem(KEY, next);
    } catch {
      // A browser without storage keeps the choice for this session only.
    }
    set({ sidebar: next });
  },
}));

/** Whether the menu shows icons only. */
export function isCollapsed(mode: SidebarMode, narrow: boolean): boolean {
  return mode === 'collapsed' || (mode === 'auto' && narrow);
}
