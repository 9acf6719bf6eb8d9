// The words of saved hosts for the components that show them. Until the app's catalogue (en.ts/ko.ts
// with the language switch) is on this branch, English; then these sections join it.
import { enHosts, type HostsMessages } from './en-hosts.js';

export function hostWords(): HostsMessages {
  return enHosts;
}
