package com.opportunityengine.query.cluster;

import java.util.List;

/**
 * How many segments of a processor one node should hold: the segments split as evenly as the live nodes allow, the
 * remainder going to the first nodes by id, so that the quotas of all live nodes add up to the segments exactly (4
 * segments on 3 nodes: 2, 1, 1). Every node computes the same quotas from the same heartbeats.
 */
final class FairShare {

    private FairShare() {}

    /**
     * @param segments  the processor's segments
     * @param liveNodes the ids of the live nodes running the processor, sorted
     * @param self      this node's id (counted even when its own heartbeat is not in yet)
     */
    static int quota(int segments, List<String> liveNodes, String self) {
        int index = liveNodes.indexOf(self);
        int nodes = liveNodes.size();
        if (index < 0) {
            // not registered yet: count as one more node at the end
            index = nodes;
            nodes++;
        }
        int base = segments / nodes;
        return index < segments % nodes ? base + 1 : base;
    }
}
