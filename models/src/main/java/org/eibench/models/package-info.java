/** EIBench models module. */
package org.eibench.models;
