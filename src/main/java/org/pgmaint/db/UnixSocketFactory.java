package org.pgmaint.db;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * pgjdbc's {@code socketFactory} for a Unix-domain socket (junixsocket): the driver names this class and passes the
 * socket file as {@code socketFactoryArg}. The socket comes back connected, so the driver never resolves the
 * host name it was given (that name only selects the ~/.pgpass line).
 */
public final class UnixSocketFactory extends SocketFactory {
    private final File socketFile;

    public UnixSocketFactory(String socketFile) {
        this.socketFile = new File(socketFile);
    }

    @Override
    public Socket createSocket() throws IOException {
        AFUNIXSocket socket = AFUNIXSocket.newInstance();
        try {
            socket.connect(AFUNIXSocketAddress.of(socketFile));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket();
    }
}
