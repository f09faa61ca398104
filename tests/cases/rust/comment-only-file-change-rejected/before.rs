// Copyright 2023 Example Corp.
// SPDX-License-Identifier: MIT
