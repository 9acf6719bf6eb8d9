// Whether the side panels are open: the user's last choice (remembered), else open when the window
// leaves the picture room enough (from 1900 px; below, the hosts fold into a rail and
// the details panel opens when something is picked).
export type PanelSide = 'hosts' | 'details';
const KEY = (side: PanelSide) => `netlens.panel.${side}`;
const WIDE: Record<PanelSide, number> = { hosts: 1900, details: 1900 };

export function loadPanel(side: PanelSide, width: number): boolean {
  try {
    const v = localStorage.getItem(KEY(side));
    if (v === 'open' || v === 'closed') return v === 'open';
  } catch {
    // storage unavailable: fall back to the window's width
  }
  return width >= WIDE[side];
}

export function savePanel(side: PanelSide, open: boolean): void {
  try {
    localStorage.setItem(KEY(side), open ? 'open' : 'closed');
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
}
