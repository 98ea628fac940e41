package dev.robusta.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

import dev.robusta.dtls.srtp.SrtpProfile;

/** Our DTLS 1.2 server: requires a client certificate, checks its fingerprint, picks the SRTP profile. */
final class RobustaDtlsServer extends DefaultTlsServer {
    private final HandshakeSupport support;
    private final PeerEvents events;
    private SrtpProfile selectedProfile;

    RobustaDtlsServer(HandshakeSupport support, PeerEvents events) {
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
        return TlsUtils.getSupportedCipherSuites(getCrypto(), support.serverCipherSuites());
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        // WebRTC authenticates both ends: without the client's certificate there is nothing to match its fingerprint.
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        support.verifyPeer(clientCertificate);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return signer(SignatureAlgorithm.ecdsa);
    }

    @Override
    protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
        return signer(SignatureAlgorithm.rsa);
    }

    private TlsCredentialedSigner signer(short signatureAlgorithm) throws IOException {
        return support.signer(context, context.getSecurityParametersHandshake().getClientSigAlgs());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        selectedProfile = support.chooseProfile(offered == null ? new int[0] : offered.getProtectionProfiles());
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        if (selectedProfile != null) {
            TlsSRTPUtils.addUseSRTPExtension(extensions,
                    new UseSRTPData(new int[] {selectedProfile.id()}, TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        support.onHandshakeComplete(context, false);
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
