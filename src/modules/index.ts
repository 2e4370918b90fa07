import type { Type } from '@nestjs/common';
import { ArticlesModule } from './articles';
import { AuthModule } from './auth';
import { CommentsModule } from './comments';
import { TopicsModule } from './topics';
import { UsersModule } from './users';

/**
 * The registry of feature modules. Generators add entries here with a syntax-tree edit, so keep
 * it a plain array literal of module classes.
 */
export const featureModules: Type[] = [UsersModule, AuthModule, ArticlesModule, TopicsModule, CommentsModule];
