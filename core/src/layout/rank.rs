//! Layering by the direction of traffic: a longest-path layering of the flow graph after the
//! edges that close cycles are dropped. Linear in nodes + flows; deterministic.

use alloc::vec;
use alloc::vec::Vec;

use crate::index::{Ctx, Endpoint};

/// The layer of every node: 1 for nodes nothing flows into (the internet is layer 0), else one
/// more than the deepest node that flows into it. Nodes with `skip` set take no part (layer 1)
/// and their flows are ignored, as are flows between different regions.
pub fn layers(cx: &Ctx<'_>, skip: &[bool]) -> Vec<u32> {
    let n = cx.design.nodes.len();
    let skipped = |i: usize| skip.get(i).copied().unwrap_or(false);
    // Compressed adjacency, in flow order.
    let mut deg = vec![0usize; n + 1];
    let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(cx.flows.len());
    for f in &cx.flows {
        let Endpoint::Node(s) = f.from else { continue };
        let t = f.to;
        if s == t || s >= n || t >= n || skipped(s) || skipped(t) {
            continue;
        }
        // Rows are per region: a flow to another region says nothing about order.
        if let (Some(a), Some(b)) = (cx.node_region[s], cx.node_region[t]) {
            if a != b {
                continue;
            }
        }
        pairs.push((s, t));
        deg[s + 1] += 1;
    }
    for i in 0..n {
        deg[i + 1] += deg[i];
    }
    let start = deg;
    let mut fill = start.clone();
    let mut adj = vec![0usize; pairs.len()];
    for &(s, t) in &pairs {
        adj[fill[s]] = t;
        fill[s] += 1;
    }
    // Iterative DFS marking the edges that go back to a node on the stack.
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut back = vec![false; adj.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        stack.push((root, start[root]));
        while let Some(top) = stack.last_mut() {
            let (u, e) = *top;
            if e < start[u + 1] {
                top.1 += 1;
                let v = adj[e];
                match state[v] {
                    0 => {
                        state[v] = 1;
                        stack.push((v, start[v]));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    // Longest path over the remaining acyclic graph (Kahn's order).
    let mut indeg = vec![0usize; n];
    for (e, &v) in adj.iter().enumerate() {
        if !back[e] {
            indeg[v] += 1;
        }
    }
    let mut layer = vec![1u32; n];
    // A loop, not `filter().collect()`: the adapter's instance cost the docs widget 181 B.
    let mut queue: Vec<usize> = Vec::new();
    #[allow(clippy::needless_range_loop)] // an index loop: no iterator adapter instance
    for i in 0..n {
        if indeg[i] == 0 {
            queue.push(i);
        }
    }
    let mut head = 0;
    while head < queue.len() {
        let u = queue[head];
        head += 1;
        for e in start[u]..start[u + 1] {
            if back[e] {
                continue;
            }
            let v = adj[e];
            layer[v] = layer[v].max(layer[u] + 1);
            indeg[v] -= 1;
            if indeg[v] == 0 {
                queue.push(v);
            }
        }
    }
    layer
}
