package org.eibench.models.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS is verified: a server with a self-signed certificate is refused at once, with the fix in the message. */
class OpenAiTlsTest {
    @Test
    void aSelfSignedCertificateIsRefusedWithoutRetries(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("stub.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "stub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), keytoolOutput);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        AtomicInteger served = new AtomicInteger();
        server.createContext("/v1/models", ex -> {
            served.incrementAndGet();
            StubServer.reply(ex, 200, "{\"data\":[{\"id\":\"m\"}]}");
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> OpenAiChatService.connect(
                    OpenAiEndpoint.of(url, "m", "sk-KEY", 1, null).withRetry(new RetryPolicy(5,
                            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ZERO))));
            assertTrue(e.getMessage().contains("TLS with " + url + " failed") && e.getMessage().contains("trust store"),
                    e.getMessage());
            assertEquals(0, served.get(), "nothing was answered over an unverified connection");
        } finally {
            server.stop(0);
        }
    }
}
