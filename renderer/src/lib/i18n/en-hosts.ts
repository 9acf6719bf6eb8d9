// English words of saved hosts: the host form, importing hosts, and the host-key dialog. Part of the
// catalogue in en.ts (ko-hosts.ts has the same keys, typed against these).
export const enHosts = {
  hostForm: {
    addTitle: 'Add a host',
    editTitle: (host: string) => `Edit ${host}`,
    open: 'Add host…',
    edit: 'Edit',
    editLabel: (host: string) => `edit ${host}`,
    label: 'Name',
    labelHint: 'shown in the list; the target when empty',
    target: 'Target',
    targetHint: 'host, user@host[:port], ssh://…, an ~/.ssh/config alias, or local',
    user: 'User',
    userHint: 'when not in the target (default: the ssh config, else yours)',
    port: 'Port',
    portHint: 'when not in the target (default 22)',
    identityFile: 'Identity file',
    identityFileHint: 'a private key tried first, e.g. ~/.ssh/id_ed25519',
    jump: 'Jump hosts',
    jumpHint: 'as ProxyJump: bastion,ops@10.0.0.1:2222 (none: connect directly)',
    dockerHost: 'Engine socket',
    dockerHostHint: 'when not Docker’s default, e.g. unix:///run/podman/podman.sock',
    sudo: 'Use sudo -n when not logged in as root',
    sudoHint: 'to read container namespaces and firewall rules',
    save: 'Save and connect',
    saving: 'Saving…',
    cancel: 'Cancel',
  },
  hostImport: {
    title: 'Import',
    sshConfig: 'Import from SSH config',
    dockerContexts: 'Import from Docker contexts',
    none: 'Nothing found to import.',
    add: 'Add',
    addLabel: (host: string) => `add ${host}`,
    saved: 'saved',
    skipped: (n: number) => `${n} passed over`,
    close: 'Close',
  },
  hostKeyDialog: {
    unknownTitle: 'First connection: check the host key',
    unknownText: (host: string) =>
      `Netlens has not seen ${host} before. Compare this fingerprint with the one the host's administrator gives you (ssh-keygen -lf on the host's key) before trusting it.`,
    file: (path: string) => `Trusting writes it to ${path}.`,
    trust: 'Trust and connect',
    cancel: 'Cancel',
    changedTitle: 'Host key changed: connection refused',
    changedText: (host: string) =>
      `${host} shows a different key than the one remembered. Someone may be intercepting the connection, or the host was reinstalled. Netlens will not connect. If the change is expected, remove the old key with this command, then connect again:`,
    copy: 'Copy',
    copied: 'Copied',
    close: 'Close',
  },
};

export type HostsMessages = typeof enHosts;
