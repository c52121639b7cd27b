/** The one place the project's Jackson {@code ObjectMapper}s are built, with the settings each use asks for. */
package org.eibench.models.json;
