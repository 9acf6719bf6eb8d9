// What of ~/.ssh/config Netlens honours, and a warning naming everything it does not, so a setting
// the user relies on (ControlMaster, ForwardAgent, a `Match exec` block…) is never silently dropped.

/** Keywords (lower case) Netlens acts on; everything else that applies to a host is named. */
const HONOURED = new Set([
  'host',
  'match',
  'hostname',
  'user',
  'port',
  'identityfile',
  'identitiesonly',
  'hostkeyalias',
  'userknownhostsfile',
  'hashknownhosts',
  'proxyjump',
  'proxycommand',
  'connecttimeout',
  'serveraliveinterval',
  'serveralivecountmax',
  'stricthostkeychecking',
]);

interface ConfigLine {
  param?: string;
  value?: unknown;
  config?: ConfigLine[];
}

/** Each keyword as the user spelled it (`ForwardAgent`, not `forwardagent`), for messages. */
function spellings(lines: Iterable<ConfigLine>, into = new Map<string, string>()): Map<string, string> {
  for (const line of lines) {
    if (typeof line.param === 'string' && !into.has(line.param.toLowerCase()))
      into.set(line.param.toLowerCase(), line.param);
    if (Array.isArray(line.config)) spellings(line.config, into);
  }
  return into;
}

function hasMatchExec(lines: Iterable<ConfigLine>): boolean {
  for (const line of lines)
    if (line.param?.toLowerCase() === 'match' && /\bexec\b/i.test(JSON.stringify(line.value ?? '')))
      return true;
  return false;
}

/**
 * One line per thing not honoured for `alias`: keywords that apply to it but are not used, Include,
 * Match exec, a ProxyCommand shadowed by an earlier ProxyJump (or the reverse), and values only
 * partly followed.
 */
export function coverageWarnings(
  alias: string,
  computed: Record<string, string | string[]>,
  parsed: Iterable<object>,
): string[] {
  const lines = [...parsed] as ConfigLine[];
  const names = spellings(lines);
  const shown = (key: string) => names.get(key) ?? key;
  const warnings: string[] = [];
  const unused = Object.keys(computed).filter((key) => !HONOURED.has(key) && key !== 'include');
  if (unused.length > 0)
    warnings.push(
      `ssh config settings for ${alias} that Netlens does not use: ${unused.map(shown).join(', ')}`,
    );
  if ('include' in computed)
    warnings.push(
      `the ssh config's Include (${String(computed.include)}) is not followed: copy what ${alias} needs into the config itself`,
    );
  if (hasMatchExec(lines))
    warnings.push(
      'the ssh config has a `Match exec` block, which Netlens does not run (its settings are not applied)',
    );
  const keys = Object.keys(computed);
  const jump = keys.indexOf('proxyjump');
  const command = keys.indexOf('proxycommand');
  if (jump >= 0 && command >= 0)
    warnings.push(
      jump < command
        ? `ProxyCommand for ${alias} is ignored: ProxyJump comes first in the ssh config (as with OpenSSH, the first one wins)`
        : `ProxyJump for ${alias} is ignored: ProxyCommand comes first in the ssh config (as with OpenSSH, the first one wins)`,
    );
  const knownHosts = computed.userknownhostsfile;
  const files = (Array.isArray(knownHosts) ? knownHosts.join(' ') : (knownHosts ?? '')).split(/\s+/);
  if (files.filter(Boolean).length > 1)
    warnings.push(`UserKnownHostsFile for ${alias}: only the first file (${files[0] ?? ''}) is read`);
  const strict = computed.stricthostkeychecking;
  if (typeof strict === 'string' && /^(no|off)$/i.test(strict))
    warnings.push(
      `StrictHostKeyChecking ${strict} for ${alias} is not honoured: Netlens always checks host keys (a first visit is accepted with --accept-new-host-key)`,
    );
  return warnings;
}
