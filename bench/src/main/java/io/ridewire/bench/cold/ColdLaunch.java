package io.ridewire.bench.cold;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.ridewire.functions.connections.ConnectHandler;
import io.ridewire.functions.gateway.GatewayEvents;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.functions.system.Priming;

import java.util.UUID;

/**
 * The process {@code ./ridewire bench cold} launches, on the shaded Lambda jar alone: constructs the
 * {@code $connect} handler as Lambda does (no-arg constructor, {@code RIDEWIRE_*} environment), optionally primes it
 * as a snapshot would ({@code prime}; {@code connect} and {@code eager} do not, the parent sets the init type), and
 * handles two {@code $connect}s. Prints one line of wall-clock stamps (epoch ms) for the
 * parent; with {@code --hold} it then waits on stdin so the parent can read the JVM's counters.
 */
public final class ColdLaunch {
    private ColdLaunch() {
    }

    public static void main(String[] args) throws Exception {
        long main = System.currentTimeMillis();
        boolean prime = args.length > 0 && args[0].equals("prime");
        boolean hold = args.length > 1 && args[1].equals("hold");
        ConnectHandler handler = new ConnectHandler();
        long constructed = System.currentTimeMillis();
        long primed = constructed;
        if (prime) {
            // what SnapStart runs before the snapshot and after the restore, in this process
            Priming priming = handler.getApplicationContext().getBean(Priming.class);
            priming.beforeCheckpoint(null);
            priming.afterRestore(null);
            primed = System.currentTimeMillis();
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        int first = handler.handleRequest(connect("cold-" + run + "-1"), null).getStatusCode();
        long firstDone = System.currentTimeMillis();
        int second = handler.handleRequest(connect("cold-" + run + "-2"), null).getStatusCode();
        long secondDone = System.currentTimeMillis();
        System.out.println("COLD main=" + main + " constructed=" + constructed + " primed=" + primed
                + " first=" + firstDone + " second=" + secondDone + " status=" + first + "," + second);
        System.out.flush();
        if (hold) {
            System.in.read();
        }
        handler.close();
        System.exit(0);
    }

    private static APIGatewayV2WebSocketEvent connect(String userId) {
        return GatewayEvents.connect(userId + "=", new Caller(userId, Role.PASSENGER, null));
    }
}
