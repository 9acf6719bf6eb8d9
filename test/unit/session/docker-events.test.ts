import { describe, expect, it } from 'vitest';
import { parseDockerEvent, sinceFromTimeNano } from '../../../src/session/docker-events.js';

// Shapes as Engine 20.10 printed them on GET /events on this lab (ids shortened).
const start =
  '{"status":"start","id":"4f1c","from":"netlens-test/busybox:latest","Type":"container","Action":"start","Actor":{"ID":"4f1c","Attributes":{"image":"netlens-test/busybox:latest","name":"nlv-web"}},"scope":"local","time":1700000000,"timeNano":1700000000123456789}';
const connect =
  '{"Type":"network","Action":"connect","Actor":{"ID":"9e2a","Attributes":{"container":"4f1c","name":"nlv-net","type":"bridge"}},"scope":"local","time":1700000001,"timeNano":1700000001000000001}';

describe('parseDockerEvent', () => {
  it('keeps network-relevant container and network events, with exact timeNano', () => {
    expect(parseDockerEvent(start)).toEqual({
      type: 'container',
      action: 'start',
      id: '4f1c',
      name: 'nlv-web',
      container: '4f1c',
      timeNano: '1700000000123456789',
    });
    // A connect names the network; the container it concerns is an attribute.
    expect(parseDockerEvent(connect)).toMatchObject({
      type: 'network',
      action: 'connect',
      id: '9e2a',
      name: 'nlv-net',
      container: '4f1c',
    });
  });

  it('drops other events and garbage', () => {
    expect(parseDockerEvent(start.replace('"Action":"start"', '"Action":"exec_start: sh"'))).toBeNull();
    expect(
      parseDockerEvent(start.replace('"Action":"start"', '"Action":"health_status: healthy"')),
    ).toBeNull();
    expect(parseDockerEvent(start.replace('"Action":"start"', '"Action":"kill"'))).toBeNull();
    expect(parseDockerEvent('{"Type":"image","Action":"pull"}')).toBeNull();
    expect(parseDockerEvent('{"Type":"container"}')).toBeNull();
    expect(parseDockerEvent('not json')).toBeNull();
  });

  it('turns timeNano into a since value that replays from that millisecond', () => {
    expect(sinceFromTimeNano('1700000000123456789')).toBe(1700000000.123);
    expect(sinceFromTimeNano('5')).toBe(0);
  });
});
