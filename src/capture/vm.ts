// Hosts whose engine runs in a VM the capture cannot look into (Docker Desktop on macOS, Windows or
// Linux): what the person sees is the Docker API's view, and the banner says what that leaves out.
import type { DockerFacts } from '../collect/docker/docker-facts.js';
import type { HostVm } from '../model/snapshot.js';

/** Docker Desktop's sockets: `~/.docker/run/docker.sock`, `~/.docker/desktop/docker.sock`, the Windows pipe. */
const DESKTOP_SOCKET = /\/\.docker\/(run|desktop)\/docker(-cli)?\.sock$|docker_engine|dockerDesktop/i;

export const DOCKER_DESKTOP_VM: HostVm = {
  product: 'Docker Desktop',
  hidden: [
    "the VM's network namespaces: each container's interfaces, veth pairs and routes",
    "the VM's bridges (docker0, br-…) and their addresses",
    "the VM's firewall: the DNAT rules behind published ports, MASQUERADE, the FORWARD path",
    'how ports reach the VM from this machine (Docker Desktop forwards them itself, outside any rule shown)',
  ],
  shown: [
    'containers with their networks, addresses, MAC addresses and published ports, as the Docker API reports them',
    'networks with their drivers, subnets, gateways and options',
    'Swarm services and tasks, when the engine is a Swarm manager',
  ],
};

/** Docker Desktop, from `/info` / `/version` (facts.desktop) or the socket the connection used. */
export function vmOf(docker: Pick<DockerFacts, 'desktop'>, dockerHost: string | undefined): HostVm | null {
  return docker.desktop || (dockerHost !== undefined && DESKTOP_SOCKET.test(dockerHost))
    ? DOCKER_DESKTOP_VM
    : null;
}
