package org.jledger.node.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jledger.node.boundary.Condition;
import org.jledger.node.boundary.NodeStatus;

/** UP when every start-up condition of the node is met; each condition's detail is in the data. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @EJB private NodeStatus status;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder answer =
        HealthCheckResponse.named("jledger-node").status(status.isReady());
    for (Condition c : status.conditions()) {
      answer.withData(c.name(), (c.met() ? "met: " : "unmet: ") + c.detail());
    }
    return answer.build();
  }
}
