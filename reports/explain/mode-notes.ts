import type { Mode } from '../../sim/result.js';

/** Each approach in words: how it works, what it costs, where it breaks. Numbers come from a run. */
export interface ModeNotes {
  readonly how: string;
  readonly sees: string;
  readonly strengths: readonly string[];
  readonly weaknesses: readonly string[];
}

export const MODE_NOTES: Readonly<Record<Mode, ModeNotes>> = {
  'rr-dns': {
    how: 'The authoritative DNS server hands out the servers\' A records in rotated order; each client connects to the first address it holds. Resolvers and clients cache answers (TTL, 30/60 s floors in JVMs and browsers, some pin one address for the life of the process).',
    sees: 'Nothing sits in the data path: clients talk to servers directly. DNS is only consulted when a connection is opened and the cached answer has expired.',
    strengths: ['No middle box: capacity grows with every server added.', 'No extra latency once the name is cached.'],
    weaknesses: [
      'Load follows resolvers, not servers: every client behind one resolver gets the same answer until its TTL expires (run with few resolvers and a long TTL to see max/mean share climb).',
      'No health checks: a dead server keeps receiving new connections until every cache holding its address expires; pinned clients never move.',
      'Keep-alive connections never re-resolve, so rebalancing is slower still.',
    ],
  },
  'client-side': {
    how: 'Clients fetch the membership list from a registry (nameserver) and choose a server themselves with a scheduler (random, power of two choices on their own outstanding requests, round robin).',
    sees: 'Nothing in the data path. The registry is on the path of every request whose client has no fresh copy of the list.',
    strengths: ['No middle box in the data path.', 'Clients can react to their own view of server latency.'],
    weaknesses: [
      'With a lookup per request the registry\'s CPU and NIC cap the whole cluster.',
      'Each client sees only its own outstanding requests, so "least loaded" is local knowledge.',
      'Every client needs the logic (a library per language).',
    ],
  },
  'l7-proxy': {
    how: 'haproxy terminates the client\'s TCP connection, parses each HTTP request, picks a server per request and forwards it on a second TCP connection (reused from a pool, or opened per request); responses come back the same way.',
    sees: 'Every packet of both connections, in both directions, plus two user↔kernel copies and a read and a write per 16 KiB buffer for every byte (unless splicing).',
    strengths: ['Per-request balancing, HTTP-aware routing, retries, TLS termination, header rewriting.', 'Health checks and smooth draining of servers.'],
    weaknesses: [
      'All response bytes cross it twice (in from the server, out to the client): the proxy\'s CPU or NIC caps the cluster after a handful of servers for large-object GETs.',
      'Two TCP stacks and user-space copies per request add CPU and some latency.',
      'Failover of the proxy itself needs VRRP (keepalived) and loses in-flight connections.',
    ],
  },
  'lvs-nat': {
    how: 'The IPVS director schedules each new connection to a real server and rewrites the destination address (VIP → RIP) on the way in; real servers route replies back through the director, which rewrites the source (RIP → VIP).',
    sees: 'Every packet of every connection, both directions, in the kernel (no copies, no user space).',
    strengths: ['Real servers need no configuration beyond the default route.', 'Cheaper per packet than a proxy: kernel forwarding only.'],
    weaknesses: [
      'Response bytes still cross the director, so its NIC (or CPU) caps the cluster, later than a proxy but at the same kind of limit.',
      'Servers must use the director as their gateway.',
    ],
  },
  'lvs-tun': {
    how: 'The director schedules each connection and wraps every client packet in an outer IP header to the chosen real server (IP-in-IP); the server decapsulates it and replies straight to the client from the VIP.',
    sees: 'Only client→server packets: requests and the client\'s ACKs, each 20 B larger on the way to the server.',
    strengths: ['Replies bypass the director, so it scales to many servers; servers may sit on other networks.'],
    weaknesses: [
      '+20 B per forwarded packet lowers the MSS (1440 on a 1500 MTU path) or forces fragmentation; broken path-MTU discovery through the tunnel is a classic failure.',
      'Servers need a tunnel interface with the VIP and pay for decapsulation; slightly below DR.',
    ],
  },
  'lvs-dr': {
    how: 'The director schedules each connection and forwards the client\'s packets unchanged except for the destination MAC address (that of the chosen real server); the server, which holds the VIP on a non-ARPing interface, replies straight to the client.',
    sees: 'Only client→server packets (requests and ACKs), rewriting nothing but a MAC address: the cheapest forwarding there is.',
    strengths: ['Replies bypass the director; the cheapest per-packet forwarding; scales furthest.'],
    weaknesses: [
      'Director and servers must share an L2 segment.',
      'The ARP problem: servers must not answer ARP for the VIP (arp_ignore=1, arp_announce=2), or the gateway sends all traffic to one of them and bypasses the director (set lvs.arpIgnore: false to see it).',
    ],
  },
};
