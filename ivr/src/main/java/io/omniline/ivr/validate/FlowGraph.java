package io.omniline.ivr.validate;

import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.Node;
import io.omniline.ivr.model.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flow as a graph of nodes and exits: finds nodes no call can reach, and loops a call can
 * never leave. Iterative throughout, so a flow of any size cannot overflow the stack.
 */
final class FlowGraph {

    private final Flow flow;
    private final List<String> ids;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[][] edges;

    FlowGraph(Flow flow) {
        this.flow = flow;
        this.ids = new ArrayList<>(flow.nodes().keySet());
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        edges = new int[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            edges[i] = flow.node(ids.get(i)).exits().stream()
                    .filter(index::containsKey)
                    .mapToInt(index::get)
                    .distinct()
                    .toArray();
        }
    }

    List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        Integer start = flow.start() == null ? null : index.get(flow.start());
        if (start != null) {
            boolean[] reached = reachable(start);
            for (int i = 0; i < ids.size(); i++) {
                if (!reached[i]) {
                    problems.add(Problem.warning(ids.get(i), "no call can reach this node"));
                }
            }
        }
        for (int[] component : stronglyConnectedComponents()) {
            loopProblem(component).ifPresent(problems::add);
        }
        return problems;
    }

    private boolean[] reachable(int start) {
        boolean[] reached = new boolean[ids.size()];
        Deque<Integer> pending = new ArrayDeque<>();
        pending.push(start);
        reached[start] = true;
        while (!pending.isEmpty()) {
            for (int next : edges[pending.pop()]) {
                if (!reached[next]) {
                    reached[next] = true;
                    pending.push(next);
                }
            }
        }
        return reached;
    }

    /**
     * A loop with no way out keeps the caller forever: an error. A loop with a way out but no
     * caller input relies on a branch (a counter) to leave; the step limit is its only guard.
     */
    private Optional<Problem> loopProblem(int[] component) {
        boolean isLoop = component.length > 1 || contains(edges[component[0]], component[0]);
        if (!isLoop) {
            return Optional.empty();
        }
        boolean[] inside = new boolean[ids.size()];
        for (int node : component) {
            inside[node] = true;
        }
        boolean hasExit = false;
        boolean readsInput = false;
        for (int node : component) {
            Node n = flow.node(ids.get(node));
            hasExit |= n.terminal();
            readsInput |= n instanceof Node.Menu
                    || n instanceof Node.Collect
                    || n instanceof Node.Callback
                    || n instanceof Node.Language;
            for (int next : edges[node]) {
                hasExit |= !inside[next];
            }
        }
        List<String> names = new ArrayList<>();
        for (int node : component) {
            names.add(ids.get(node));
        }
        names.sort(null);
        String loop = String.join(", ", names.subList(0, Math.min(names.size(), 10)))
                + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "");
        if (!hasExit) {
            return Optional.of(
                    Problem.error(names.get(0), "the path never ends: nodes " + loop + " loop with no exit"));
        }
        if (!readsInput) {
            return Optional.of(Problem.warning(
                    names.get(0),
                    "nodes " + loop + " loop without caller input; make sure a branch with a counter leaves the loop"));
        }
        return Optional.empty();
    }

    /** Tarjan's algorithm with an explicit stack. */
    private List<int[]> stronglyConnectedComponents() {
        int n = ids.size();
        int[] order = new int[n];
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(order, -1);
        Deque<Integer> stack = new ArrayDeque<>();
        List<int[]> components = new ArrayList<>();
        int counter = 0;
        int[] nextEdge = new int[n];
        Deque<Integer> calls = new ArrayDeque<>();
        for (int root = 0; root < n; root++) {
            if (order[root] != -1) {
                continue;
            }
            calls.push(root);
            while (!calls.isEmpty()) {
                int v = calls.peek();
                if (nextEdge[v] == 0 && order[v] == -1) {
                    order[v] = low[v] = counter++;
                    stack.push(v);
                    onStack[v] = true;
                }
                if (nextEdge[v] < edges[v].length) {
                    int w = edges[v][nextEdge[v]++];
                    if (order[w] == -1) {
                        calls.push(w);
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], order[w]);
                    }
                    continue;
                }
                calls.pop();
                if (!calls.isEmpty()) {
                    int parent = calls.peek();
                    low[parent] = Math.min(low[parent], low[v]);
                }
                if (low[v] == order[v]) {
                    List<Integer> members = new ArrayList<>();
                    int w;
                    do {
                        w = stack.pop();
                        onStack[w] = false;
                        members.add(w);
                    } while (w != v);
                    components.add(members.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
        return components;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
