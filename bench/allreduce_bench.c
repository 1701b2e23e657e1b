/*
 * The C side of bench/allreduce_bench.ts: the same MPI calls dendrite's
 * allReduce makes (MPI_Allreduce in place on float32, MPI_SUM, split into
 * pieces of `chunk` elements), timed the same way: a barrier, then one
 * all-reduce of `n` elements, `iters` times; rank 0 prints each time in
 * milliseconds on one line. Built by the driver with mpicc into a temp dir.
 *
 *   mpirun -np 2 ./allreduce_bench <n> <chunk> <warmup> <iters>
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int provided, rank;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (argc != 5) {
    if (rank == 0) fprintf(stderr, "usage: allreduce_bench <n> <chunk> <warmup> <iters>\n");
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  long n = atol(argv[1]), chunk = atol(argv[2]);
  int warmup = atoi(argv[3]), iters = atoi(argv[4]);
  float *a = malloc(n * sizeof(float));
  for (long i = 0; i < n; i++) a[i] = 1.0f;
  for (int it = -warmup; it < iters; it++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (long at = 0; at < n; at += chunk) {
      long c = n - at < chunk ? n - at : chunk;
      MPI_Allreduce(MPI_IN_PLACE, a + at, (int)c, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    }
    double ms = (MPI_Wtime() - t0) * 1e3;
    if (rank == 0 && it >= 0) printf("%.4f%c", ms, it + 1 == iters ? '\n' : ' ');
  }
  free(a);
  MPI_Finalize();
  return 0;
}
