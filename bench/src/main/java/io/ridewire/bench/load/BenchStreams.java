package io.ridewire.bench.load;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.ridewire.events.StreamCatalogue;
import io.ridewire.events.StreamSpec;

/** A benchmark's streams live on the machine's NATS: remove them once its stack has stopped consuming. */
public final class BenchStreams {
    private BenchStreams() {
    }

    public static void delete(String url, String streamPrefix) {
        try (Connection connection = Nats.connect(url)) {
            for (StreamSpec stream : StreamCatalogue.all()) {
                try {
                    connection.jetStreamManagement().deleteStream(streamPrefix + stream.name());
                } catch (Exception e) {
                    // never created
                }
            }
        } catch (Exception e) {
            System.err.println("could not remove the benchmark's streams: " + e);
        }
    }
}
