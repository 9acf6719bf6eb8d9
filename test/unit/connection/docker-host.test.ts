// The engine address a target may name (`--docker-host`, a saved host's engine, DOCKER_HOST).
import { describe, expect, it } from 'vitest';
import { parseDockerHost, remoteSocketPath } from '../../../src/connection/docker-host.js';
import { dialStdioCommand } from '../../../src/connection/ssh/docker-transport.js';
import { localDockerHost } from '../../../src/connection/local.js';
import { DOCKER_HOST_MAX } from '../../../src/model/limits.js';

describe('parseDockerHost', () => {
  it('reads Unix sockets (with or without the scheme) and tcp addresses', () => {
    expect(parseDockerHost('unix:///run/podman/podman.sock')).toEqual({
      kind: 'unix',
      path: '/run/podman/podman.sock',
      display: 'unix:///run/podman/podman.sock',
    });
    expect(parseDockerHost(' /run/user/1000/podman/podman.sock ').display).toBe(
      'unix:///run/user/1000/podman/podman.sock',
    );
    expect(parseDockerHost('tcp://10.0.0.5:2375')).toMatchObject({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
      tls: false,
    });
    expect(parseDockerHost('tcp://[fd00::1]')).toMatchObject({
      host: 'fd00::1',
      port: 2375,
      display: 'tcp://[fd00::1]:2375',
    });
    expect(parseDockerHost('tcp://box', { DOCKER_TLS_VERIFY: '1' })).toMatchObject({ port: 2376, tls: true });
  });

  it.each([
    ['', 'empty'],
    ['unix://relative.sock', 'absolute'],
    ['unix:///a/../b.sock', '..'],
    ['unix:///tmp/with space.sock', 'absolute'],
    ["unix:///tmp/x';reboot;'", 'absolute'],
    [`unix:///${'a'.repeat(108)}`, '107'],
    ['ssh://me@box', 'only unix:// and tcp://'],
    ['tcp://-oProxyCommand=x:1', 'not a valid name'],
    ['tcp://box:70000', 'from 1 to 65535'],
    [`tcp://${'a'.repeat(DOCKER_HOST_MAX)}`, 'longer than'],
  ])('refuses %j (%s)', (text, why) => {
    expect(() => parseDockerHost(text)).toThrow(why);
  });
});

describe('where the engine is reached', () => {
  it('over SSH: a Unix socket only, the default when none is named', () => {
    expect(remoteSocketPath(undefined)).toBe('/var/run/docker.sock');
    expect(remoteSocketPath(parseDockerHost('unix:///run/podman/podman.sock'))).toBe(
      '/run/podman/podman.sock',
    );
    expect(() => remoteSocketPath(parseDockerHost('tcp://box:2375'))).toThrow(/Unix socket/);
  });

  it('dial-stdio names a non-default socket as one quoted argument', () => {
    expect(dialStdioCommand('/var/run/docker.sock')).toBe('docker system dial-stdio');
    // shell-quote escapes the colon: `unix\:///…` is the same single word to a POSIX shell.
    expect(dialStdioCommand('/run/podman/podman.sock')).toBe(
      'docker --host unix\\:///run/podman/podman.sock system dial-stdio',
    );
  });

  it('locally: the named engine wins over DOCKER_HOST, which wins over the default', () => {
    const podman = parseDockerHost('unix:///run/podman/podman.sock');
    expect(localDockerHost({ DOCKER_HOST: 'unix:///x.sock' }, podman).display).toBe(podman.display);
    expect(localDockerHost({ DOCKER_HOST: 'unix:///x.sock' }).display).toBe('unix:///x.sock');
    expect(localDockerHost({}).display).toBe('unix:///var/run/docker.sock');
  });
});
