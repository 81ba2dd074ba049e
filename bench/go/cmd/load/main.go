// Command load is the one load generator of `pnpm bench`: it drives BenchService on any server with the
// same calls and prints one JSON object with the figure of every run. Each scenario runs a warm-up, then
// -runs measured runs; every run is bounded in time (-duration, or -timeout for a download) and in count.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	benchpb "github.com/polyrpc/polyrpc/bench/go/internal/benchpb"
)

// maxCallsPerRun bounds a unary or ping-pong run by count as well as by time, and bounds the memory
// its latency samples take.
const maxCallsPerRun = 5_000_000

// maxWarmupDownloads bounds the downloads of one warm-up (see downloadWarmup).
const maxWarmupDownloads = 64

// Run is one measured run.
type Run struct {
	// Value is the run's figure: calls or round trips per second, or MiB/s for a download.
	Value float64 `json:"value"`
	// P50Ms and P99Ms are latency percentiles in milliseconds (unary and pingpong only).
	P50Ms float64 `json:"p50_ms,omitempty"`
	P99Ms float64 `json:"p99_ms,omitempty"`
	// Count is the number of calls, round trips or bytes of the run.
	Count   int64   `json:"count"`
	Seconds float64 `json:"seconds"`
	// Truncated says a download reached -timeout first: Value is the rate of the bytes that came.
	Truncated bool `json:"truncated,omitempty"`
}

// Report is what the command prints.
type Report struct {
	Scenario string `json:"scenario"`
	Unit     string `json:"unit"`
	// Warmup is the warm-up run: its count is part of the server's work (for CPU per call or per MiB).
	Warmup Run   `json:"warmup"`
	Runs   []Run `json:"runs"`
}

type options struct {
	target      string
	scenario    string
	concurrency int
	runs        int
	warmup      time.Duration
	duration    time.Duration
	timeout     time.Duration
	payload     int
	total       uint64
	chunk       uint
}

func main() {
	var o options
	flag.StringVar(&o.target, "target", "", "server address, host:port")
	flag.StringVar(&o.scenario, "scenario", "", "unary, download or pingpong")
	flag.IntVar(&o.concurrency, "concurrency", 1, "unary: calls in flight at once")
	flag.IntVar(&o.runs, "runs", 3, "measured runs after the warm-up")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "warm-up time (a download warms up with downloads of an eighth of -total, at least one, until this has passed)")
	flag.DurationVar(&o.duration, "duration", 2*time.Second, "unary and pingpong: length of one run")
	flag.DurationVar(&o.timeout, "timeout", 2*time.Minute, "longest one download may take; a slower one is cut there and its rate so far reported")
	flag.IntVar(&o.payload, "payload", 32, "unary and pingpong: payload bytes")
	flag.Uint64Var(&o.total, "total", 256<<20, "download: bytes per run")
	flag.UintVar(&o.chunk, "chunk", 65536, "download: bytes per chunk (0: the server's default)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintf(os.Stderr, "load: %v\n", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.target == "" {
		return errors.New("-target is required")
	}
	if o.runs < 1 || o.runs > 100 {
		return fmt.Errorf("invalid -runs: %d is outside 1..100", o.runs)
	}
	if o.concurrency < 1 || o.concurrency > 1024 {
		return fmt.Errorf("invalid -concurrency: %d is outside 1..1024", o.concurrency)
	}
	conn, err := grpc.NewClient(o.target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return fmt.Errorf("cannot connect to %s: %w", o.target, err)
	}
	defer conn.Close()
	client := benchpb.NewBenchServiceClient(conn)

	var once func(measure bool) (Run, error)
	report := Report{Scenario: o.scenario}
	switch o.scenario {
	case "unary":
		report.Unit = "rpc/s"
		once = func(measure bool) (Run, error) { return unary(client, o, measure) }
	case "download":
		report.Unit = "MiB/s"
		once = func(measure bool) (Run, error) {
			if !measure {
				return downloadWarmup(client, o)
			}
			return download(client, o, o.total)
		}
	case "pingpong":
		report.Unit = "round trips/s"
		once = func(measure bool) (Run, error) { return pingPong(client, o, measure) }
	default:
		return fmt.Errorf("unknown -scenario %q (unary, download or pingpong)", o.scenario)
	}
	warmup, err := once(false)
	if err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	report.Warmup = warmup
	for i := 0; i < o.runs; i++ {
		r, err := once(true)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		report.Runs = append(report.Runs, r)
	}
	return json.NewEncoder(os.Stdout).Encode(report)
}

// unary keeps o.concurrency calls in flight for the run's length.
func unary(client benchpb.BenchServiceClient, o options, measure bool) (Run, error) {
	length := o.duration
	if !measure {
		length = o.warmup
	}
	payload := make([]byte, o.payload)
	ctx, cancel := context.WithTimeout(context.Background(), length+o.timeout)
	defer cancel()
	perWorker := maxCallsPerRun / o.concurrency
	samples := make([][]time.Duration, o.concurrency)
	errs := make([]error, o.concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(length)
	for w := 0; w < o.concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			lat := make([]time.Duration, 0, 1024)
			for len(lat) < perWorker && time.Now().Before(deadline) {
				t := time.Now()
				resp, err := client.Unary(ctx, &benchpb.UnaryRequest{Payload: payload})
				if err != nil {
					errs[w] = err
					return
				}
				if len(resp.GetPayload()) != len(payload) {
					errs[w] = fmt.Errorf("unary answered %d payload bytes, sent %d", len(resp.GetPayload()), len(payload))
					return
				}
				lat = append(lat, time.Since(t))
			}
			samples[w] = lat
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := errors.Join(errs...); err != nil {
		return Run{}, err
	}
	return latencyRun(slices.Concat(samples...), elapsed), nil
}

// download receives total bytes on one call and checks that all of them came. A server too slow to send
// them within -timeout is cut off there; the run then reports the rate of what came, marked truncated.
func download(client benchpb.BenchServiceClient, o options, total uint64) (Run, error) {
	// The hard bound, for a server that stops sending altogether.
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout+30*time.Second)
	defer cancel()
	start := time.Now()
	deadline := start.Add(o.timeout)
	stream, err := client.Download(ctx, &benchpb.DownloadRequest{TotalSize: total, ChunkSize: uint32(o.chunk)})
	if err != nil {
		return Run{}, err
	}
	var got uint64
	truncated := false
	for {
		resp, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Run{}, fmt.Errorf("after %d of %d bytes: %w", got, total, err)
		}
		got += uint64(len(resp.GetChunk()))
		if got < total && time.Now().After(deadline) {
			truncated = true
			break
		}
	}
	elapsed := time.Since(start)
	if !truncated && got != total {
		return Run{}, fmt.Errorf("download sent %d bytes, asked for %d", got, total)
	}
	return Run{Value: float64(got) / (1 << 20) / elapsed.Seconds(), Count: int64(got), Seconds: elapsed.Seconds(), Truncated: truncated}, nil
}

// downloadWarmup downloads an eighth of -total at a time until -warmup has passed: at least once, at most
// maxWarmupDownloads times, and no more after a download was cut at -timeout. Why not one download: a
// fast server sends an eighth of 256 MiB in under 100 ms, too little for its JIT and heap to settle, and
// the first measured run then paid for it (runs of one fresh server differed by up to 40%).
func downloadWarmup(client benchpb.BenchServiceClient, o options) (Run, error) {
	start := time.Now()
	var warm Run
	for i := 0; i < maxWarmupDownloads && (i == 0 || time.Since(start) < o.warmup); i++ {
		r, err := download(client, o, o.total/8)
		if err != nil {
			return Run{}, err
		}
		warm.Count += r.Count
		if r.Truncated {
			warm.Truncated = true
			break
		}
	}
	warm.Seconds = time.Since(start).Seconds()
	warm.Value = float64(warm.Count) / (1 << 20) / warm.Seconds
	return warm, nil
}

// pingPong sends one request at a time on one stream and waits for its answer, for the run's length.
func pingPong(client benchpb.BenchServiceClient, o options, measure bool) (Run, error) {
	length := o.duration
	if !measure {
		length = o.warmup
	}
	ctx, cancel := context.WithTimeout(context.Background(), length+o.timeout)
	defer cancel()
	stream, err := client.PingPong(ctx)
	if err != nil {
		return Run{}, err
	}
	payload := make([]byte, o.payload)
	lat := make([]time.Duration, 0, 1024)
	start := time.Now()
	deadline := start.Add(length)
	for len(lat) < maxCallsPerRun && time.Now().Before(deadline) {
		t := time.Now()
		if err := stream.Send(&benchpb.PingPongRequest{Payload: payload}); err != nil {
			return Run{}, err
		}
		resp, err := stream.Recv()
		if err != nil {
			return Run{}, err
		}
		if len(resp.GetPayload()) != len(payload) {
			return Run{}, fmt.Errorf("pingpong answered %d payload bytes, sent %d", len(resp.GetPayload()), len(payload))
		}
		lat = append(lat, time.Since(t))
	}
	elapsed := time.Since(start)
	if err := stream.CloseSend(); err != nil {
		return Run{}, err
	}
	if _, err := stream.Recv(); err != io.EOF {
		return Run{}, fmt.Errorf("pingpong stream did not end cleanly: %v", err)
	}
	return latencyRun(lat, elapsed), nil
}

func latencyRun(lat []time.Duration, elapsed time.Duration) Run {
	if len(lat) == 0 {
		return Run{Seconds: elapsed.Seconds()}
	}
	slices.Sort(lat)
	return Run{
		Value:   float64(len(lat)) / elapsed.Seconds(),
		P50Ms:   percentile(lat, 0.50),
		P99Ms:   percentile(lat, 0.99),
		Count:   int64(len(lat)),
		Seconds: elapsed.Seconds(),
	}
}

// percentile of sorted samples, nearest rank, in milliseconds.
func percentile(sorted []time.Duration, p float64) float64 {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	i = max(0, min(i, len(sorted)-1))
	return float64(sorted[i]) / float64(time.Millisecond)
}
