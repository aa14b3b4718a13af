#include <cblas.h>
#include <stddef.h>

/* LAPACK's Cholesky factorisation with complete pivoting of a symmetric positive semidefinite
   matrix (column-major, Fortran calling convention; OpenBLAS ships LAPACK in the same library).
   The trailing argument is the hidden length of the `uplo` string that gfortran passes. */
void dpstrf_(const char *uplo, const int *n, double *a, const int *lda, int *piv, int *rank,
             const double *tol, double *work, int *info, size_t uplo_length);
