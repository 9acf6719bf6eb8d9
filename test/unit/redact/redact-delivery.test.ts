// Redaction reaches the delivery facts: docker-proxy and socket addresses, and interface names in sysctls.
import { describe, expect, it } from 'vitest';
import { redactSnapshot } from '../../../src/redact/index.js';
import { dockerSysctls, pathSnapshot } from '../../support/path-snapshot.js';

describe('redacting listeners, proxies and sysctls', () => {
  it('replaces their addresses and interface names, and keeps what they mean', () => {
    const s = pathSnapshot(
      {
        networks: [{ name: 'app' }],
        containers: [
          {
            name: 'web',
            networks: ['app'],
            ports: [{ containerPort: 80, hostPort: 8080, hostIp: '192.168.1.10' }],
          },
        ],
      },
      dockerSysctls({
        rpFilter: { all: 0, default: 2, interfaces: [{ name: 'br-3a3867791ccc', value: 1 }] },
      }),
    );
    const r = redactSnapshot(s, 'k'.repeat(32));
    const text = JSON.stringify({ l: r.listeners, p: r.proxies, s: r.sysctls });
    expect(text).not.toContain('192.168.1.10');
    expect(text).not.toContain('10.11.0.2');
    expect(text).not.toContain('3a3867791ccc');
    expect(r.proxies?.[0]).toMatchObject({ protocol: 'tcp', hostPort: 8080, containerPort: 80 });
    expect(r.sysctls?.rpFilter.interfaces[0]?.value).toBe(1);
  });
});
