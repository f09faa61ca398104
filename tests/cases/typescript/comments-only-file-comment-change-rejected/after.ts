// Copyright 2025 Example Corp.
// SPDX-License-Identifier: MIT

/* This module intentionally left blank. */
