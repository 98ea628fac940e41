package dev.robusta.signaling;

import java.io.File;
import java.io.FileInputStream;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The test certificate (CN=localhost, 127.0.0.1, ::1) and a client context that trusts only it. */
public final class Tls {
    private Tls() {}

    public static File cert() {
        return resource("test-cert.pem");
    }

    public static File key() {
        return resource("test-key.pem");
    }

    public static SSLContext trustingClientContext() throws Exception {
        X509Certificate cert;
        try (FileInputStream in = new FileInputStream(cert())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("robusta-test", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static File resource(String name) {
        try {
            return new File(Tls.class.getClassLoader().getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
