/**
 * What the container calls to run a node: start-up ({@link org.jledger.node.boundary.NodeStartup},
 * which also declares the data source) and the node's readiness ({@link
 * org.jledger.node.boundary.NodeStatus}).
 *
 * <p>A node is ready when every condition in {@link
 * org.jledger.node.boundary.NodeStatus#REQUIRED_CONDITIONS} has been reported met and none has been
 * reported unmet since. Health checks and the API read it; start-up code writes it.
 */
package org.jledger.node.boundary;
