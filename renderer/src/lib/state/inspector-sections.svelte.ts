// Which inspector sections the user opened or closed, by section key (`container`, `rules:shared`…):
// kept outside the component so live updates, another selection and a tab switch leave them as they were.
const state = $state<Record<string, boolean>>({});

export const sections = {
  isOpen(key: string, fallback: boolean): boolean {
    return state[key] ?? fallback;
  },
  set(key: string, open: boolean): void {
    state[key] = open;
  },
};
