/** EIBench annotation files: loading, strict validation with file:line problems, image resolution and sample selection. */
package org.eibench.engine.dataset;
