import { create } from 'zustand';

/** A short message in the corner: it never takes the focus, and goes by itself unless it is an error. */
interface Notice {
  id: number;
  kind: 'info' | 'success' | 'error';
  title: string;
  body?: string;
}

interface NoticesState {
  notices: Notice[];
  notify(notice: Omit<Notice, 'id'>): void;
  dismiss(id: number): void;
}

const AUTO_DISMISS_MS = 6000;
let next = 1;

/** Notices shown in the corner of the window. */
export const useNotices = create<NoticesState>((set, get) => ({
  notices: [],
  notify: (notice) => {
    const id = next++;
    set((s) => ({ notices: [...s.notices.slice(-4), { ...notice, id }] }));
    if (notice.kind !== 'error') setTimeout(() => get().dismiss(id), AUTO_DISMISS_MS);
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
