#!/usr/bin/env node
/**
 * After `next build`: the build's static files go beside the stand-alone server, as in the Docker
 * image, and Floorview's launcher (scripts/floorview-server.mjs) beside server.js.
 */
import { copyFileSync, cpSync, rmSync } from "node:fs";

rmSync(".next/standalone/.next/static", { recursive: true, force: true });
cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
copyFileSync("scripts/floorview-server.mjs", ".next/standalone/floorview-server.mjs");
