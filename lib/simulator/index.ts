/**
 * The simulator as the rest of Floorview may use it: started by the runtime when no tenant is
 * configured, reached only over HTTP. Its insides (floor, faults, truth) are for its own routes,
 * its command line and the tests.
 */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from "./server";
