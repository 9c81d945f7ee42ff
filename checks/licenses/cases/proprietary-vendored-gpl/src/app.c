/* Copyright (c) 2024 Acme Analytics Ltd. All rights reserved. */
#include "getopt.h"
int main(void) { return 0; }
