/**
 * Dependency injection, re-exported from the one tsyringe copy the sdk depends on, so every plugin
 * and the core share a single container implementation (two copies break tsyringe's type registry).
 */
import 'reflect-metadata';

export { injectable, inject, singleton, container, type DependencyContainer } from 'tsyringe';
