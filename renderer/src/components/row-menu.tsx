import { MoreHorizontal } from 'lucide-react';
import { useEffect, useId, useLayoutEffect, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';

/** One action of a row's menu. */
export interface MenuAction {
  id: string;
  label: string;
  icon?: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  tone?: 'danger';
  onSelect(): void;
}

/**
 * A row's actions behind one "⋯" button, so 300 rows are not 900 tab stops: the button is not a tab stop (the
 * row is), the row's Enter or menu key opens it, arrows move through it, Esc closes it and gives the focus back
 * to the row. Drawn in the top layer (popover) so a scrolling table never clips it.
 */
export function RowMenu({
  label,
  actions,
  open,
  onOpenChange,
}: {
  label: string;
  actions: MenuAction[];
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    if (!open) return;
    const m = menu.current;
    const r = button.current?.getBoundingClientRect();
    if (r) setPlace({ top: Math.round(r.bottom + 2), left: Math.max(8, Math.round(r.right - 200)) });
    if (m && typeof m.showPopover === 'function' && !m.matches(':popover-open')) m.showPopover();
    m?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent): void => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) onOpenChange(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open, onOpenChange]);

  const close = (): void => {
    onOpenChange(false);
    // Back to the row the menu belongs to: the table's one tab stop.
    button.current?.closest<HTMLElement>('[data-key]')?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    e.stopPropagation();
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close();
    } else if (to !== undefined) {
      e.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    }
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="icon-button row-menu-button"
        tabIndex={-1}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={(e) => {
          e.stopPropagation();
          onOpenChange(!open);
        }}
      >
        <MoreHorizontal size={18} aria-hidden />
      </button>
      {open ? (
        <div
          ref={menu}
          id={id}
          className="row-menu"
          role="menu"
          aria-label={label}
          tabIndex={-1}
          popover="manual"
          onKeyDown={onKey}
          style={place ?? undefined}
        >
          {actions.map(({ id: key, label: words, icon: Icon, tone, onSelect }) => (
            <button
              key={key}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={tone === 'danger' ? 'row-menu-item danger' : 'row-menu-item'}
              onClick={() => {
                onOpenChange(false);
                onSelect();
              }}
            >
              {Icon ? <Icon size={16} aria-hidden /> : null}
              {words}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}
