package org.jledger.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The JAX-RS application; with the application at the root context, the API is at /api/v1. */
@ApplicationPath("api/v1")
@OpenAPIDefinition(
    info =
        @Info(
            title = "JLedger node API",
            version = "1",
            description =
                "Client API of one JLedger node. Errors are application/problem+json (RFC 9457)."))
public class LedgerApplication extends Application {}
