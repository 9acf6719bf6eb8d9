// 공유 코어(src/model)가 만드는 문장의 한국어: 패킷 경로의 홉과 판정 이유, 발견된 문제, 변경 이야기.
// 코드와 매개변수는 src/model/text/*-text.ts의 영어와 같다(빠진 코드는 타입 검사에서 걸린다).
import type { ModelWords } from '../../../../src/model/text/message.js';

const KIND: Record<string, string> = {
  container: '컨테이너',
  network: '네트워크',
  namespace: '네임스페이스',
  host: '호스트',
  firewall: '방화벽',
};
const VERB: Record<string, string> = {
  added: '추가됨',
  removed: '제거됨',
  created: '생성됨',
  changed: '변경됨',
  stopped: '중지됨',
  started: '시작됨',
  recreated: '다시 생성됨',
  'recreated with a new address': '새 주소로 다시 생성됨',
  restarted: '재시작됨',
  'restarted with a new address': '새 주소로 재시작됨',
  'has a new address': '주소가 바뀜',
  'changed image': '이미지가 바뀜',
  reconnected: '다시 연결됨',
  'only in A': 'A에만 있음',
  'only in B': 'B에만 있음',
  differs: '다름',
};
const kind = (k: string) => KIND[k] ?? k;
/** The words among diff values (diff-sentences' valueText); other values are data. */
const VALUE: Record<string, string> = { none: '없음', '(none)': '(없음)', '(empty)': '(비어 있음)' };
const value = (v: string) => VALUE[v] ?? v;
const verb = (v: string) => VERB[v] ?? v;
const family = (f: string) => (f === 'ipv6' ? 'IPv6' : f === 'ipv4' ? 'IPv4' : f);

export const koModel: ModelWords = {
  'path.plain': (p) => p.text,
  'path.loop': (_) => '경로가 빙빙 돕니다',
  'path.loopMissing': (_) => '끝나지 않는 경로(라우팅 루프?)',
  'path.loopbackStays': (_) => '로컬 주소: 패킷은 루프백을 타고 네임스페이스 안에 머뭅니다',
  'path.routeTable': (p) => `${p.ns}의 라우팅 테이블 ${p.table}`,
  'path.refusedRoute': (p) => `${p.ns}에 ${p.dst}로 가는 ${p.type} 경로가 있습니다`,
  'path.routeRefuses': (_) => '이 경로가 패킷을 거부합니다',
  'path.onlyLoopback': (p) => `${p.ns}에는 루프백뿐입니다(network none): ${p.dst}로 가는 경로 없음`,
  'path.noRouteIn': (p) => `${p.ns}에 ${p.dst}로 가는 경로가 없습니다`,
  'path.noRoute': (_) => '경로 없음',
  'path.noRouteDetail': (p) => `${p.ns}에 ${p.dst}로 가는 경로 없음`,
  'path.deviceOf': (p) => `${p.ns}의 장치 ${p.dev}`,
  'path.deviceMissing': (p) => `${p.dev}이(가) 스냅샷에 없습니다`,
  'path.deviceDown': (p) => `${p.ns}의 ${p.dev}이(가) 꺼져(DOWN) 있습니다`,
  'path.isDown': (p) => `${p.dev} 꺼짐(DOWN)`,
  'path.childIsolation': (p) =>
    `${p.hop}은(는) ${p.dev}의 ${p.kind} 자식 장치 주소입니다: 부모는 자기 ${p.kind} 자식에 닿을 수 없습니다`,
  'path.toChild': (p) => `${p.dev} → ${p.kind} 자식 ${p.child}`,
  'path.arrives': (p) => `${p.ns}에 도착`,
  'path.forwardsMissing': (p) => `${p.ns}이(가) 패킷을 포워딩하는지(수집되지 않음)`,
  'path.wouldRoute': (p) => `${p.ns}이(가) 다시 라우팅해야 합니다`,
  'path.deliveredIn': (p) => `${p.ns}의 ${p.dst}에 전달`,
  'path.deliveredInShared': (p) => `${p.ns}의 ${p.dst}에 전달 (${p.shared}이(가) 함께 씀)`,
  'path.deliveredTo': (p) => `${p.who}(${p.dst}${p.port})에 전달됩니다`,
  'path.deliveredToLoop': (p) =>
    `같은 네임스페이스 안에서 루프백으로 ${p.who}(${p.dst}${p.port})에 전달됩니다`,
  'path.notKnown': (p) => `${p.reason}. 알 수 없는 것: ${p.missing}`,
  'path.outsideAt': (p) => `${p.src}에 있는 호스트`,
  'path.internet': (_) => '인터넷의 어느 호스트',
  'path.noWayInMissing': (_) => '외부 트래픽이 어느 장치로 들어오는지(호스트에 돌아갈 경로가 없음)',
  'path.noWayIn': (_) => '들어올 길이 없습니다',
  'path.hostItself': (_) => '호스트 자신',
  'path.sentFrom': (p) => `${p.ns}에서 보냄`,
  'path.hostMode': (_) => '호스트 네트워크 모드: 호스트 네트워크 네임스페이스에서 보냄',
  'path.bridge': (p) => `브리지 ${p.name}`,
  'path.switched': (_) => '목적지 MAC 주소로 스위칭',
  'path.nobodyOnBridge': (p) =>
    `브리지 ${p.bridge}의 어느 장치도 ${p.hop}을(를) 갖고 있지 않습니다: 이웃 탐색(ARP/ND)에 응답이 없습니다`,
  'path.nobodyHoldsOn': (p) => `${p.bridge}에 ${p.hop}의 주인이 없음`,
  'path.portTowards': (p) => `${p.ns}(으)로 가는 브리지 포트`,
  'path.vethPair': (p) => `veth 페어 ${p.a} ↔ ${p.b}`,
  'path.peerIndex': (p) => `상대편 ifindex ${p.ifindex}`,
  'path.peerIndexIn': (p) => `상대편 ifindex ${p.ifindex}, ${p.ns} 안`,
  'path.bridgedBare': (p) => `${p.bridge}: iptables를 거치지 않고 브리징`,
  'path.bridgedBareDetail': (_) => 'bridge-nf-call-iptables=0: FORWARD 규칙이 적용되지 않습니다',
  'path.bridgeNfMissing': (_) => '브리지 트래픽이 iptables를 거치는지(bridge-nf-call-iptables 기록 없음)',
  'path.parentOf': (p) => `${p.kind} ${p.dev}의 부모 장치`,
  'path.parentMissing': (p) => `${p.dev}의 부모 장치가 스냅샷에 없습니다`,
  'path.childOn': (p) => `${p.parent} 위의 ${p.kind} ${p.dev}`,
  'path.childNoIptables': (p) =>
    `${p.parent}의 ${p.kind} 자식: 호스트의 iptables는 이 트래픽을 보지 못합니다`,
  'path.toSibling': (p) => `${p.parent}: 형제 장치 ${p.sibling}(으)로`,
  'path.siblings': (p) => `한 부모의 자식끼리는 바로 닿습니다(${p.kind} bridge 모드)`,
  'path.parentSide': (p) =>
    `${p.hop}은(는) 부모 쪽인 ${p.ns}의 주소입니다: ${p.kind} 자식은 부모에 닿을 수 없습니다`,
  'path.wontHand': (p) => `${p.parent}은(는) 이 패킷을 ${p.ns}에 넘기지 않음`,
  'path.otherEndMissing': (p) => `veth ${p.dev}의 다른 쪽 끝(Netlens가 읽은 어느 네임스페이스에도 없음)`,
  'path.otherEnd': (p) => `${p.dev}의 다른 쪽 끝이 스냅샷에 없습니다`,
  'path.portOf': (p) => `브리지 ${p.bridge}의 포트`,
  'path.nothingBehind': (p) =>
    `${p.dev} 뒤에 ${p.hop}을(를) 가진 장치가 없습니다: 이웃 탐색(ARP/ND)에 응답이 없습니다`,
  'path.nobodyBehind': (p) => `${p.dev} 뒤에 ${p.hop}의 주인이 없음`,
  'path.dummy': (p) => `${p.dev}은(는) dummy 장치입니다: 보낸 것을 모두 버립니다`,
  'path.dummyLabel': (p) => `${p.dev} (dummy)`,
  'path.toWire': (p) => `${p.dev} → 바깥 네트워크`,
  'path.leaves': (p) => `${p.ns}을(를) 떠나 ${p.hop}(으)로`,
  'path.leavesHost': (p) =>
    `${p.dev}을(를) 통해 호스트를 떠납니다${p.gateway ? ` (게이트웨이 ${p.gateway})` : ''}`,
  'path.beyondMissing': (p) => `${p.dev} 너머에서 일어나는 일(패킷이 호스트를 떠남)`,
  'path.beyond': (p) => `${p.dev}을(를) 통해 나갑니다: Netlens가 볼 수 없는 곳입니다`,
  'path.chainEntered': (_) => '체인에 들어감',
  'path.policy': (p) => `${p.table} ${p.chain} 기본 정책 ${p.action}`,
  'path.policyDecided': (_) => '결정한 규칙이 없어 체인의 기본 정책이 정했습니다',
  'path.policyNothing': (_) => '여기서 패킷을 바꾼 규칙은 없습니다',
  'path.firewallMissing': (_) => '호스트의 방화벽 규칙(수집되지 않음)',
  'path.ruleMatchMissing': (p) => `${p.rule} (${p.text})이(가) 일치하는지`,
  'path.ruleMatchMissingSrc': (p) => `${p.rule} (${p.text})이(가) 일치하는지(출발지 주소를 모름)`,
  'path.ruleIdMissing': (p) => `규칙 ${p.id}이(가) 일치하는지`,
  'path.droppedBy': (p) => `${p.rule}에서 버려집니다: ${p.text}`,
  'path.droppedByPolicy': (p) => `${p.chain}의 기본 정책에 따라 버려집니다`,
  'path.dnatTargetMissing': (p) => `${p.to}이(가) 가리키는 곳(읽을 수 없는 DNAT 대상)`,
  'path.redirectMissing': (p) => `${p.rule}이(가) 리다이렉트하는 로컬 포트`,
  'path.natSource': (p) => `${p.target} → 출발지 ${p.src}`,
  'path.natWas': (p) => `원래 ${p.before}; ${p.rule}`,
  'path.hostTable': (_) => '호스트 라우팅 테이블 main',
  'path.hostLocal': (_) => '호스트 자신의 주소: 루프백으로 전달',
  'path.rerouted': (_) => 'DNAT 뒤에 다시 라우팅',
  'path.localnetMissing': (p) => `${p.dev}의 route_localnet(기록 없음)`,
  'path.localnetUnknownLeave': (p) => `127.0.0.0/8 주소가 ${p.dev}(으)로 나갈 수 있는지 기록되지 않았습니다`,
  'path.localnetUnknownArrive': (p) =>
    `127.0.0.0/8 주소가 ${p.dev}(으)로 들어올 수 있는지 기록되지 않았습니다`,
  'path.martianLeave': (p) =>
    `127.0.0.0/8 주소는 ${p.dev}(으)로 나갈 수 없습니다(route_localnet=0): 커널이 martian 패킷으로 버립니다`,
  'path.martianArrive': (p) =>
    `127.0.0.0/8 주소는 ${p.dev}(으)로 들어올 수 없습니다(route_localnet=0): 커널이 martian 패킷으로 버립니다`,
  'path.martianOn': (p) => `${p.dev}의 martian 패킷`,
  'path.forwardedUnknown': (_) => '호스트가 포워딩(ip_forward 기록 없음: Docker가 켭니다)',
  'path.forwarded': (_) => '호스트가 포워딩',
  'path.noForward': (p) => `호스트가 ${family(p.family)} 패킷을 포워딩하지 않습니다(ip_forward=0)`,
  'path.rpFilter': (p) =>
    `${p.dev}에 rp_filter=1: ${p.src}(으)로 가는 응답은 ${p.back}(으)로 나가게 되므로 커널이 버립니다`,
  'path.rpFilterOn': (p) => `${p.dev}의 rp_filter`,
  'path.kernelAnswers': (_) => '호스트 커널이 응답합니다(포트 없음: ICMP)',
  'path.deliveredHost': (p) => `호스트(${p.dst})에 전달됩니다`,
  'path.socketsMissing': (_) => '호스트의 리스닝 소켓(이 스냅샷에는 기록되지 않음)',
  'path.socketsUnknown': (p) => `호스트에서 ${p.socket}을(를) 리스닝하는 것이 있는지 기록되지 않았습니다`,
  'path.nothingListens': (p) => `호스트에서 ${p.socket}을(를) 리스닝하는 것이 없습니다`,
  'path.noSocket': (p) => `${p.socket}에 소켓 없음`,
  'path.reset': (_) => '커널이 리셋(RST)으로 응답합니다',
  'path.unreachable': (_) => '커널이 port unreachable로 응답합니다',
  'path.bothFamilies': (p) => `${p.socket} (IPv4와 IPv6)`,
  'path.listening': (p) => `리스닝: ${p.who}`,
  'path.listeningUnknown': (_) => '리스닝 중(root 권한 없이는 주인을 알 수 없음)',
  'path.proxyMissing': (p) => `${p.socket}의 docker-proxy가 연결하는 곳(명령줄이 수집되지 않음)`,
  'path.proxyTakes': (_) => 'docker-proxy가 받습니다',
  'path.proxyDials': (p) => `${p.args}: 호스트에서 새 연결을 엽니다`,
  'path.notRunning': (p) => `${p.name}은(는) 실행 중이 아닙니다`,
  'path.hostNoAddress': (_) => 'Netlens가 아는 호스트 주소가 없습니다',
  'path.targetOnlyLoopback': (p) =>
    `${p.name}에는 루프백만 있습니다(네트워크 ${p.mode}): 네임스페이스 밖의 어느 것도 닿을 수 없습니다`,
  'path.noAddress': (p) => `${p.name}에 Netlens가 아는 주소가 없습니다`,
  'path.kitNotCaptured': (_) => 'RootlessKit의 포트 드라이버와 포워딩된 포트(수집되지 않음)',
  'path.kitWouldReach': (p) =>
    `포트 ${p.port}은(는) 포트 드라이버를 거쳐 RootlessKit의 네임스페이스에 닿을 것입니다`,
  'path.kitForwardsNot': (p) =>
    `RootlessKit은 실제 호스트의 ${p.protocol} 포트 ${p.port}을(를) 자기 네임스페이스로 포워딩하지 않습니다`,
  'path.kitNoPort': (p) => `실제 호스트에 RootlessKit 포트 ${p.port}/${p.protocol} 없음`,
  'path.kitForwards': (p) => `포워딩하는 포트: ${p.list}`,
  'path.kitForwardsNone': (_) => '포워딩하는 포트 없음',
  'path.kitPortsUnread': (_) => 'RootlessKit이 포워딩하는 포트(API를 읽을 수 없음)',
  'path.kitSocket': (p) => `실제 호스트의 ${p.socket}`,
  'path.kitListening': (p) =>
    `리스닝: ${p.holder}, RootlessKit의 ${p.driver} 포트 드라이버(여기 그린 네임스페이스 밖)`,
  'path.kitDriver': (p) => `RootlessKit 포트 드라이버: ${p.driver}`,
  'path.kitBuiltin': (p) =>
    `RootlessKit의 부모 프로세스가 연결을 자식에게 넘기고, 자식이 네임스페이스 안에서 ${p.to}(으)로 연결합니다: ${p.from}에서 오는 새 연결`,
  'path.slirpDeviceUnknown': (_) => 'slirp4netns가 전달하는 장치(RootlessKit 자식의 주소가 스냅샷에 없음)',
  'path.slirpTakes': (_) => 'slirp4netns가 받습니다',
  'path.slirpSends': (p) =>
    `slirp4netns가 네임스페이스 안의 ${p.dev}에 있는 ${p.to}(으)로 보냅니다(출발지 주소는 그대로)`,
  'path.kitHowUnknown': (p) => `RootlessKit의 ${p.driver} 포트 드라이버가 네임스페이스 안으로 전달하는 방식`,
  'path.kitTakes': (p) => `RootlessKit의 ${p.driver} 포트 드라이버가 받습니다`,
  'path.proxyInKit': (p) => `RootlessKit 네임스페이스의 docker-proxy pid ${p.pid}`,
  'path.proxyDialsInKit': (p) => `${p.args}: RootlessKit 네임스페이스에서 새 연결을 엽니다`,
  'path.meshMissing': (_) => 'ingress 샌드박스의 mangle 마크와 IPVS 테이블(이 스냅샷에 없음)',
  'path.meshWould': (p) => `라우팅 메시가 ${p.socket}을(를) 서비스의 태스크들로 분산할 것입니다`,
  'path.meshUnreadable': (p) => `ingress 샌드박스의 IPVS 테이블과 마크(읽을 수 없음: ${p.error})`,
  'path.meshNoIpvs': (_) =>
    '이 커널에는 IPVS가 없습니다(ip_vs 모듈 없음): 라우팅 메시가 연결을 태스크로 분산할 수 없습니다',
  'path.meshNoMark': (p) =>
    `ingress 샌드박스의 어떤 mangle 규칙도 ${p.socket}에 마크를 붙이지 않습니다: 이를 받는 IPVS 서비스가 없습니다`,
  'path.meshMarks': (p) => `ingress 샌드박스가 ${p.socket}에 마크 ${p.mark}을(를) 붙입니다(mangle ${p.rule})`,
  'path.meshNoService': (p) => `IPVS에 마크 ${p.mark}의 서비스가 없습니다`,
  'path.meshNoBackends': (p) => `마크 ${p.mark}의 IPVS 서비스에 보낼 태스크가 없습니다`,
  'path.meshBalances': (p) => `IPVS가 마크 ${p.mark}을(를) 태스크 주소 ${p.n}개로 분산합니다: ${p.backends}`,
  'path.meshDelivered': (p) =>
    `라우팅 메시(서비스 ${p.service})가 태스크 ${p.n}개로 분산합니다: ${p.backends}`,
  'path.hostSocket': (_) => '호스트 소켓에 전달',
  'path.deliveredProcess': (p) => `호스트의 ${p.name}(pid ${p.pid})에 전달됩니다, ${p.socket}`,
  'path.deliveredSocket': (p) => `호스트의 소켓에 전달됩니다, ${p.socket}`,
  'finding.portNotPublished': (p) =>
    `${p.name}은(는) ${p.ports} 포트 포워딩을 요청했지만, 내부(internal) 네트워크에만 연결된 컨테이너에는 Docker가 아무 포트도 공개하지 않습니다(${p.networks})`,
  'finding.proxyWithoutDnat': (p) =>
    `docker-proxy(pid ${p.pid})가 ${p.port} → ${p.to}을(를) 처리하지만 이 포트를 구현하는 DNAT 규칙이 없습니다: 외부 트래픽은 프록시를 거쳐서만 컨테이너에 닿고, 프록시는 클라이언트 주소를 가립니다`,
  'finding.dnatWithoutListener': (p) =>
    `${p.flow}의 DNAT 규칙에 대해 호스트에서 리스닝하는 소켓이 없습니다(docker-proxy 없음): 호스트 자신과 같은 브리지의 컨테이너는 이 포트에 닿을 수 없습니다`,
  'finding.bridgeMtuOdd': (p) =>
    `브리지 ${p.bridge}의 MTU는 ${p.mtu}인데 그 위의 컨테이너 ${p.n}개는 모두 ${p.theirs}을(를) 씁니다(${p.who}): 큰 패킷은 버려지거나 조각납니다`,
  'finding.containerMtuOdd': (p) =>
    `브리지 ${p.bridge}의 ${p.who}은(는) MTU ${p.mtu}을(를) 쓰지만 브리지는 ${p.bridgeMtu}입니다: 큰 패킷은 버려지거나 조각납니다`,
  'finding.bridgeAboveUplink': (p) =>
    `브리지 ${p.bridge}의 MTU는 ${p.mtu}인데 업링크 ${p.uplink}은(는) ${p.uplinkMtu}입니다: ${p.who}이(가) 업링크로 나를 수 없는 패킷을 보냅니다(조각나거나, 경로 MTU 탐색이 막힌 곳에서는 사라집니다)`,
  'finding.publishedWithoutDnat': (p) =>
    `${p.name}이(가) ${p.port} → :${p.containerPort}을(를) 공개하지만 이를 구현하는 DNAT 규칙이 없습니다`,
  'finding.dnatDisagrees': (p) =>
    `Docker는 ${p.port}이(가) ${p.name}:${p.containerPort}(으)로 간다고 하지만, 규칙은 ${p.to}${p.container ? ` (${p.container})` : ''}(으)로 보냅니다`,
  'finding.serviceWithoutIngress': (p) =>
    `서비스 ${p.service}이(가) 라우팅 메시로 ${p.port} → :${p.targetPort}을(를) 공개하지만 이 노드에는 이를 구현하는 DOCKER-INGRESS 규칙이 없습니다(메시에는 IPVS가 필요합니다: ip_vs 모듈이 있나요?)`,
  'finding.dnatToUnknown': (p) =>
    `${p.flow}의 DNAT 규칙이 트래픽을 ${p.to}(으)로 보내지만, 실행 중인 어느 컨테이너도 이 주소를 갖고 있지 않습니다`,
  'finding.vethPeerMissing': (p) =>
    `${p.ns}의 veth ${p.name}에 짝이 없습니다: Netlens가 읽은 어느 네임스페이스에도 veth 페어의 다른 쪽 끝이 없습니다(끊어진 veth)`,
  'finding.networkDeviceMissing': (p) =>
    `네트워크 ${p.network}(${p.driver})에 해당하는 장치가 호스트에 없습니다`,
  'story.none': (_) => '차이가 없습니다.',
  'story.title': (p) => `${p.kind === 'firewall' ? '방화벽' : `${kind(p.kind)} ${p.name}`} — ${verb(p.verb)}`,
  'story.count': (p) =>
    p.kind === 'host' || p.kind === 'firewall'
      ? `${kind(p.kind)} ${verb(p.verb)}`
      : `${p.first ? `${kind(p.kind)} ` : ''}${p.n}개 ${verb(p.verb)}`,
  'story.fieldAdded': (p) => `${p.subject} 추가됨: ${value(p.value)}`,
  'story.fieldRemoved': (p) => `${p.subject} 제거됨: ${value(p.value)}`,
  'story.fieldChanged': (p) => `${p.subject}: ${value(p.before)} → ${value(p.after)}`,
  'story.connected': (p) => `${p.network}에 연결됨${p.at}`,
  'story.disconnected': (p) => `${p.network}에서 연결 해제됨${p.at}`,
  'story.addressesOn': (p) =>
    `${p.network}에서 ${p.addresses}${p.gateway ? `, 게이트웨이 ${p.gateway}` : ''}`,
  'story.onNetwork': (p) => `${p.network}에서: ${p.rest}`,
  'story.asksPublish': (p) => `${p.port} 포트 포워딩을 ${p.on}에 요청함`,
  'story.noLongerAsks': (p) => `${p.port} 포트 포워딩을 더 이상 요청하지 않음(이전: ${p.was})`,
  'story.publishes': (p) => `${p.port}을(를) ${p.on}에 공개함`,
  'story.noLongerPublishes': (p) => `${p.port}을(를) 더 이상 공개하지 않음(이전: ${p.was})`,
  'story.sysctlNew': (p) => `${p.label}: 기본값과 다르게 설정됨(새 장치)`,
  'story.sysctlGone': (p) => `${p.label}: 장치와 함께 사라짐`,
  'story.proxyStarted': (p) => `${p.label} 시작됨`,
  'story.proxyGone': (p) => `${p.label} 사라짐`,
  'story.proxyForwards': (p) => `${p.label}이(가) 이제 ${p.after}(으)로 전달합니다(이전: ${p.before})`,
  'story.listening': (p) => `${p.socket}에서 리스닝 중`,
  'story.notListening': (p) => `${p.socket}에서 더 이상 리스닝하지 않음`,
  'story.takes': (p) =>
    `${p.socket}이(가) 받는 연결: ${dualStack(p.stackBefore)} → ${dualStack(p.stackAfter)}`,
  'story.heldBy': (p) => `${p.socket}을(를) 가진 프로세스: ${p.before || '없음'} → ${p.after || '없음'}`,
  'warning.dockerData': (p) => `Docker 정보를 읽다가 문제가 있었습니다: ${p.detail}`,
  'warning.kernelData': (p) => `커널 정보를 읽다가 문제가 있었습니다: ${p.detail}`,
  'warning.firewallData': (p) => `방화벽 규칙을 읽다가 문제가 있었습니다: ${p.detail}`,
  'warning.sshConfig': (p) => `ssh 설정 중 반영하지 못한 항목: ${p.detail}`,
  'warning.kernelUnavailable': (p) =>
    `커널과 방화벽 정보를 읽지 못했습니다(${p.reason}). Docker API가 알려 주는 것만 보여 줍니다`,
  'warning.rootlessPodman': (_) =>
    '루트리스 Podman: 컨테이너의 네임스페이스, 브리지, 규칙이 Podman 자신의 사용자·마운트·네트워크 네임스페이스 안에 있는데 이번 캡처는 그 안에 들어가지 못했습니다(소켓을 지정하세요. 예: --docker-host unix:///run/user/<uid>/podman/podman.sock. 그리고 root나 소켓 소유자로 연결하세요). 엔진 API가 보여 주는 것(컨테이너, 네트워크, 주소, 게시된 포트)만 보여 주며, 실제 호스트의 커널과 방화벽은 보여 주지 않습니다',
  'warning.rootlessPodmanInside': (_) =>
    '루트리스 Podman: 컨테이너의 네임스페이스를 Podman의 사용자·마운트 네임스페이스(pause 프로세스의 것) 안에서 읽었습니다. 그려진 호스트는 실제 호스트의 네트워크 네임스페이스이며, 그 방화벽은 이 엔진의 것이 아니어서 읽지 않습니다. 게시된 포트는 규칙이 아니라 Podman의 포트 포워더(rootlessport)나 slirp4netns를 거쳐 컨테이너에 닿습니다',
  'warning.rootlessInside': (p) =>
    `루트리스 Docker: 이 그림은 RootlessKit의 네트워크 네임스페이스(그 안의 '호스트')입니다. 게시된 포트는 RootlessKit의 포트 드라이버(${p.portDriver || '알 수 없음'})를 거쳐 실제 호스트에서 들어오고, 트래픽은 ${p.network || '네트워크 드라이버(기본값 slirp4netns)'}를 거쳐 나갑니다`,
  'warning.rootlessOutside': (_) =>
    '루트리스 Docker: 브리지, veth, 규칙이 RootlessKit의 네임스페이스 안에 있는데 이번 캡처는 그 안에 들어가지 못했습니다(데몬 소켓을 지정하세요. 예: --docker-host unix:///run/user/<uid>/docker.sock. 그리고 root나 소켓 소유자로 연결하세요)',
  'warning.vm': (p) =>
    `${p.product}: 엔진이 VM 안에서 돌아가므로 이 컴퓨터의 커널과 방화벽은 엔진의 네트워크에 대해 아무것도 알려 주지 않습니다. Docker API가 보여 주는 것만 보여 줍니다(보이지 않는 것: ${p.hidden})`,
  'warning.namespaceUnread': (p) => `컨테이너 네임스페이스 ${p.n}개의 커널 정보를 읽지 못했습니다(${p.ids})`,
};

function dualStack(v: string): string {
  return v === 'both' ? 'IPv4도' : v === 'v6' ? 'IPv6만' : '알 수 없음';
}
