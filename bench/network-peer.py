"""Peer for bench/network.ts: betweenness and Louvain in networkx and python-igraph on the same edge lists.

Run with Debian's own Python (apt-get install python3-networkx python3-igraph):
    /usr/bin/python3 bench/network-peer.py JOBS.json
JOBS.json (written by bench/network.ts) lists graphs: {name, file, n, exact: {networkx, igraph},
sources: [..] | null, louvain: {networkx, igraph}}; `file` holds one `u v` line per undirected edge, nodes
0…n−1. Prints one JSON object: per graph and library, seconds (best of the repetitions, graph building not
timed) and the scores, so that the TypeScript side can check that all three computed the same thing.

Timed work:
  exact:   networkx betweenness_centrality(G) (normalised); igraph Graph.betweenness(directed=False).
  sources: Brandes' single-source step for exactly the listed sources, networkx's own
           _single_source_shortest_path_basic + _accumulate_basic (what betweenness_centrality runs per
           source). python-igraph 0.10 has no source subset, so igraph is not timed in this mode.
  louvain: networkx louvain_communities(G, seed=0) + modularity; igraph community_multilevel().
"""
import json
import sys
import time

import igraph
import networkx as nx
from networkx.algorithms.centrality.betweenness import _accumulate_basic, _single_source_shortest_path_basic


def best_time(fn, min_total=0.5, max_reps=20):
    best, total, reps, out = float("inf"), 0.0, 0, None
    while reps < max_reps and (reps == 0 or total < min_total):
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        best, total, reps = min(best, dt), total + dt, reps + 1
    return best, reps, out


def main():
    jobs = json.load(open(sys.argv[1]))
    results = {"networkx": nx.__version__, "igraph": igraph.__version__, "graphs": {}}
    for job in jobs:
        n = job["n"]
        edges = []
        with open(job["file"]) as f:
            for line in f:
                a, b = line.split()
                edges.append((int(a), int(b)))
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(edges)
        H = igraph.Graph(n=n, edges=edges, directed=False)
        r = {}
        if job["exact"]["networkx"]:
            s, reps, b = best_time(lambda: nx.betweenness_centrality(G))
            r["nx_exact"] = {"seconds": s, "reps": reps, "scores": [b[v] for v in range(n)]}
        if job["exact"]["igraph"]:
            scale = 2 / ((n - 1) * (n - 2))
            s, reps, b = best_time(lambda: H.betweenness(directed=False))
            r["ig_exact"] = {"seconds": s, "reps": reps, "scores": [x * scale for x in b]}
        if job["sources"] is not None:
            sources = job["sources"]

            def sampled():
                bc = dict.fromkeys(G, 0.0)
                for src in sources:
                    S, P, sigma, _ = _single_source_shortest_path_basic(G, src)
                    bc, _ = _accumulate_basic(bc, S, P, sigma, src)
                return bc

            s, reps, b = best_time(sampled, min_total=0, max_reps=1)
            r["nx_sources"] = {"seconds": s, "reps": reps, "k": len(sources), "scores": [b[v] for v in range(n)]}
        if job["louvain"]["networkx"]:
            def nx_louvain():
                parts = nx.algorithms.community.louvain_communities(G, seed=0)
                return len(parts), nx.algorithms.community.modularity(G, parts)

            s, reps, (count, q) = best_time(nx_louvain, max_reps=5)
            r["nx_louvain"] = {"seconds": s, "reps": reps, "count": count, "modularity": q}
        if job["louvain"]["igraph"]:
            def ig_louvain():
                c = H.community_multilevel()
                return len(c), c.modularity

            s, reps, (count, q) = best_time(ig_louvain, max_reps=5)
            r["ig_louvain"] = {"seconds": s, "reps": reps, "count": count, "modularity": q}
        results["graphs"][job["name"]] = r
        print(f"peer: {job['name']} done", file=sys.stderr)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
