// 플릿 화면의 한국어 문구: 여러 호스트를 나란히 놓고, 호스트 사이에 걸친 오버레이 네트워크를 잇는다.
// ko.ts 카탈로그의 일부.
import type { enFleet } from './en-fleet.js';

export const koFleet: typeof enFleet = {
  fleet: {
    open: '플릿',
    openTitle: '모든 호스트를 나란히, 함께 쓰는 오버레이 네트워크와 함께 보기',
    title: '플릿',
    label: '모든 호스트를 나란히 보기',
    close: '호스트 하나만 보기',
    connectAll: '모두 연결',
    connectAllTitle: '아직 연결되지 않은 호스트를 모두 연결',
    expand: '열기',
    expandLabel: (host: string) => `${host}의 네트워크 열기`,
    noSnapshot: '아직 그림 없음',
    manager: 'Swarm 매니저',
    worker: 'Swarm 워커',
    containers: (n: number) => `컨테이너 ${n}개`,
    networks: (n: number) => `네트워크 ${n}개`,
    namespaces: (n: number) => `네임스페이스 ${n}개`,
    published: (n: number) => `게시된 포트 ${n}개`,
    findings: (n: number) => `발견 사항 ${n}개`,
    overlays: '호스트 사이의 오버레이 네트워크',
    overlaysNone:
      '함께 쓰는 오버레이 네트워크가 없습니다. 같은 Swarm의 호스트를 연결하면 네트워크 ID와 VNI로 맞춰 여기에 나타납니다.',
    overlayColumn: '네트워크',
    vni: (vni: number | null) => (vni === null ? 'VNI 모름' : `VNI ${vni}`),
    vniMismatch: '호스트마다 VNI가 다릅니다',
    notHere: '이 호스트에는 없음',
    noSandbox: '이 호스트에 태스크 없음',
    vtep: (address: string) => `VTEP ${address}`,
    tunnels: (n: number) => `터널 ${n}개`,
    tunnel: (a: string, b: string) => `${a}와(과) ${b} 사이의 VXLAN 터널`,
    strangers: (list: string) => `이 플릿 밖의 VTEP으로 가는 터널: ${list}`,
  },
};
