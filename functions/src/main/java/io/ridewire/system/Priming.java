package io.ridewire.system;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Context;
import io.ridewire.aws.ManagementApi;
import io.ridewire.protocol.EventType;
import io.ridewire.protocol.ServerMessage;
import io.ridewire.protocol.WireFormat;
import io.ridewire.protocol.payload.Pong;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;

/**
 * SnapStart priming: just before Lambda snapshots an initialised function, decode and encode messages and build the
 * AWS SDK clients, so the classes they load and the code they run are in the snapshot instead of on the first
 * request after every restore. No connection is opened here: Redis and NATS connect lazily after restore, since a
 * socket in a snapshot would be dead when it is restored.
 */
@Context
public class Priming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final int ROUNDS = 200;

    private final ApplicationContext context;

    public Priming(ApplicationContext context) {
        this.context = context;
        // Lambda's CRaC runtime calls beforeCheckpoint when it snapshots a version; elsewhere nothing calls it.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> checkpoint) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> checkpoint) {
        LOG.debug("restored from snapshot");
    }

    /** The work done before a snapshot; returns how many messages it round-tripped. */
    public int prime() {
        WireFormat wire = context.getBean(WireFormat.class);
        int rounds = 0;
        for (int i = 0; i < ROUNDS; i++) {
            wire.decode("{\"type\":\"ping\",\"id\":\"prime-" + i + "\",\"payload\":{\"n\":" + i + "}}");
            wire.encode(ServerMessage.of(EventType.PONG, "prime-" + i, new Pong(Instant.EPOCH)));
            rounds++;
        }
        context.findBean(DynamoDbClient.class);
        try {
            context.findBean(ManagementApi.class);
        } catch (RuntimeException notConfigured) {
            // the authorizer has no management endpoint: nothing to prime
        }
        return rounds;
    }
}
