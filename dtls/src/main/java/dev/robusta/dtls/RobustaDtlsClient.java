package dev.robusta.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/** Our DTLS 1.2 client: offers use_srtp, authenticates with our certificate, checks the server's fingerprint. */
final class RobustaDtlsClient extends DefaultTlsClient {
    private final HandshakeSupport support;
    private final PeerEvents events;

    RobustaDtlsClient(HandshakeSupport support, PeerEvents events) {
        super(HandshakeSupport.CRYPTO);
        this.support = support;
        this.events = events;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), HandshakeSupport.clientCipherSuites());
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        if (!support.config().srtpProfiles().isEmpty()) {
            TlsSRTPUtils.addUseSRTPExtension(extensions,
                    new UseSRTPData(support.offeredProfileIds(), TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData srtp = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (srtp == null) {
            support.acceptServerProfile(null, null);
        } else {
            support.acceptServerProfile(srtp.getProtectionProfiles(), srtp.getMki());
        }
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                support.verifyPeer(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return support.signer(context, request.getSupportedSignatureAlgorithms());
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        support.onHandshakeComplete(context, true);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return (int) support.config().handshakeTimeout().toMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return (int) support.config().initialRetransmitTimeout().toMillis();
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        events.alertReceived(alertLevel, alertDescription);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        events.alertRaised(alertLevel, alertDescription, message, cause);
    }
}
