package org.jledger.node.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jledger.node.boundary.NodeStatus;

/**
 * UP while the application answers: its node status can be read. A node that is alive but not ready
 * (for example waiting for its database) must not be restarted for that.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

  @EJB private NodeStatus status;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("jledger-node")
        .up()
        .withData("ready", status.isReady())
        .build();
  }
}
