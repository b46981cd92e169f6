/**
 * MicroProfile Health checks of a node ({@code /health/live}, {@code /health/ready}), read from
 * {@link org.jledger.node.boundary.NodeStatus}.
 */
package org.jledger.node.health;
