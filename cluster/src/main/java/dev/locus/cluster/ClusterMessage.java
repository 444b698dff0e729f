package dev.locus.cluster;

/**
 * Marks messages that cross JVMs; they are serialized as CBOR by Pekko's Jackson serializer (bound
 * in {@code locus-cluster.conf}). They carry control and handles, never rows.
 */
public interface ClusterMessage {}
