// Command server is the grpc-go server of `pnpm bench`: BenchService on a port the OS picks. It prints
// "listening on <port>" once it accepts connections and stops on SIGTERM or SIGINT.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	benchpb "github.com/polyrpc/polyrpc/bench/go/internal/benchpb"
)

// Limits shared with the other bench servers (see bench.proto).
const (
	defaultChunkSize = 65536
	maxChunkSize     = 4_000_000
	maxTotalSize     = 1 << 32
)

type benchServer struct {
	benchpb.UnimplementedBenchServiceServer
}

func (benchServer) Unary(_ context.Context, req *benchpb.UnaryRequest) (*benchpb.UnaryResponse, error) {
	return &benchpb.UnaryResponse{Payload: req.GetPayload()}, nil
}

func (benchServer) Download(req *benchpb.DownloadRequest, stream grpc.ServerStreamingServer[benchpb.DownloadResponse]) error {
	total := req.GetTotalSize()
	if total > maxTotalSize {
		return status.Errorf(codes.InvalidArgument, "invalid total_size: %d is outside 0..%d", total, uint64(maxTotalSize))
	}
	chunkSize := uint64(req.GetChunkSize())
	if chunkSize == 0 {
		chunkSize = defaultChunkSize
	}
	if chunkSize > maxChunkSize {
		return status.Errorf(codes.InvalidArgument, "invalid chunk_size: %d is outside 1..%d", chunkSize, maxChunkSize)
	}
	// One buffer for the whole stream: the transport is measured, not the allocator.
	chunk := make([]byte, chunkSize)
	for sent := uint64(0); sent < total; {
		n := min(chunkSize, total-sent)
		if err := stream.Send(&benchpb.DownloadResponse{Chunk: chunk[:n]}); err != nil {
			return err
		}
		sent += n
	}
	return nil
}

func (benchServer) PingPong(stream grpc.BidiStreamingServer[benchpb.PingPongRequest, benchpb.PingPongResponse]) error {
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(&benchpb.PingPongResponse{Payload: req.GetPayload()}); err != nil {
			return err
		}
	}
}

func (benchServer) Upload(stream grpc.ClientStreamingServer[benchpb.UploadRequest, benchpb.UploadResponse]) error {
	var total, chunks uint64
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(&benchpb.UploadResponse{TotalSize: total, Chunks: chunks})
		}
		if err != nil {
			return err
		}
		total += uint64(len(req.GetChunk()))
		chunks++
	}
}

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 0, "port to listen on; 0 lets the OS pick")
	flag.Parse()

	lis, err := net.Listen("tcp", net.JoinHostPort(*host, fmt.Sprint(*port)))
	if err != nil {
		log.Fatalf("server: cannot listen on %s:%d: %v", *host, *port, err)
	}
	s := grpc.NewServer()
	benchpb.RegisterBenchServiceServer(s, benchServer{})

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-signals
		s.Stop()
	}()

	fmt.Printf("listening on %d\n", lis.Addr().(*net.TCPAddr).Port)
	if err := s.Serve(lis); err != nil {
		log.Fatalf("server: %v", err)
	}
}
