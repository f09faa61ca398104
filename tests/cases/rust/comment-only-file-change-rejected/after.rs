// Copyright 2024 Example Corp.
// SPDX-License-Identifier: MIT
